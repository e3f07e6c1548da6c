/** The wrapper's redaction of a run's secrets in the bytes it writes (runner/secret-redactor.ts). */
import { describe, expect, it } from "vitest";
import { SecretRedactor } from "../../src/runner/secret-redactor.js";

/** Feeds `chunks` through a redactor and returns everything it wrote, flushed. */
function run(secrets: Record<string, string>, chunks: string[]): { out: string; written: string[] } {
  const redactor = new SecretRedactor(secrets);
  const written = chunks.map((c) => redactor.push(Buffer.from(c)).toString());
  return { out: written.join("") + redactor.flush().toString(), written };
}

describe("SecretRedactor", () => {
  it("replaces a value with its name, in raw and JSON-escaped form", () => {
    const secrets = { TOKEN: 'tok"en\\with\nescapes' };
    const line = `${JSON.stringify({ text: `x ${secrets.TOKEN} y` })}\n`;
    expect(run(secrets, [`raw ${secrets.TOKEN} end\n`, line]).out).toBe(
      `raw [secret:TOKEN] end\n{"text":"x [secret:TOKEN] y"}\n`,
    );
  });

  it("finds a value split across every possible pair of chunks", () => {
    const secret = "ghp_0123456789abcdef";
    const text = `GITHUB_TOKEN=${secret}\nnext line ${secret}`;
    for (let cut = 0; cut <= text.length; cut++) {
      const { out } = run({ GITHUB_TOKEN: secret }, [text.slice(0, cut), text.slice(cut)]);
      expect(out, `cut at ${cut}`).toBe("GITHUB_TOKEN=[secret:GITHUB_TOKEN]\nnext line [secret:GITHUB_TOKEN]");
    }
  });

  it("finds a value arriving one byte at a time", () => {
    const secret = "s3cr3t-value";
    const text = `a${secret}b${secret}`;
    expect(run({ S: secret }, [...text]).out).toBe("a[secret:S]b[secret:S]");
  });

  it("replaces the longer secret when one contains another, and leaves no byte of overlapping ones", () => {
    expect(run({ SHORT: "abc123", LONG: "xxabc123yy" }, ["1 xxabc123yy 2 abc123\n"]).out).toBe(
      "1 [secret:LONG] 2 [secret:SHORT]\n",
    );
    const { out } = run({ A: "hello-wor", B: "o-world!!" }, ["say hello-world!! now\n"]);
    expect(out).toBe("say [secret:A] now\n");
  });

  it("writes a complete line at once, holding back only what could begin a value", () => {
    const { written } = run({ T: "secret-value" }, ['{"type":"assistant"}\n{"partial', '":1}\n']);
    expect(written[0]).toBe('{"type":"assistant"}\n');
    expect(written[1]).toBe('{"partial":1}\n');
  });

  it("redacts a JSON value's strings, and withholds one whose redaction would break its syntax", () => {
    const redactor = new SecretRedactor({ KEY: 'k"ey-1234' });
    expect(redactor.redactJson({ command: 'curl -H "k-ey"', n: 1 })).toEqual({ command: 'curl -H "k-ey"', n: 1 });
    expect(redactor.redactJson({ command: 'curl -H "k"ey-1234"' })).toEqual({ command: 'curl -H "[secret:KEY]"' });
    expect(redactor.redactJson({ command: 'use k"ey-1234 now' })).toEqual({ command: "use [secret:KEY] now" });
    expect(new SecretRedactor({ ODD: '":"' }).redactJson({ a: "b" })).toEqual({});
  });

  it("passes bytes through unchanged without secrets", () => {
    expect(run({}, ["abc", "def"]).written).toEqual(["abc", "def"]);
  });
});
