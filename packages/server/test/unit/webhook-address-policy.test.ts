/** The webhook address policy and the request that connects only where the policy allowed. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { addressRefusal } from "../../src/webhooks/address-policy.js";
import { callbackUrlWithoutCredentials, checkCallbackUrl, redactedCallbackUrl } from "../../src/webhooks/callback-policy.js";
import { AddressRefusedError, pinnedPost, type Resolver } from "../../src/webhooks/pinned-request.js";

const closed = { allowPrivateAddresses: false };
const open = { allowPrivateAddresses: true };

describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.8.9.10", /loopback/],
    ["::1", /loopback/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:7f00:1", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.254", /private/],
    ["192.168.0.10", /private/],
    ["::ffff:192.168.0.10", /private/],
    ["fc00::1", /private/],
    ["fd12:3456::1", /private/],
    ["169.254.1.1", /link-local/],
    ["fe80::1", /link-local/],
    ["100.64.0.1", /CGNAT/],
    ["100.127.255.254", /CGNAT/],
    ["64:ff9b::a00:1", /private/], // NAT64 of 10.0.0.1
    ["2002:7f00:1::", /loopback/], // 6to4 of 127.0.0.1
    ["::7f00:1", /loopback/], // IPv4-compatible 127.0.0.1
  ])("refuses %s by default, and allows it when private addresses are opened", (address, reason) => {
    expect(addressRefusal(address, closed)).toMatch(reason);
    expect(addressRefusal(address, open)).toBeUndefined();
  });

  it.each([
    ["169.254.169.254", /metadata/],
    ["::ffff:169.254.169.254", /metadata/],
    ["169.254.170.2", /metadata/],
    ["100.100.100.200", /metadata/],
    ["fd00:ec2::254", /metadata/],
    ["169.254.170.23", /metadata/],
    ["192.0.0.192", /metadata/],
    ["fd00:ec2::23", /metadata/],
    ["fd20:ce::254", /metadata/],
    ["0.0.0.0", /special-purpose/],
    ["0.1.2.3", /special-purpose/],
    ["::", /special-purpose/],
    ["224.0.0.1", /special-purpose/],
    ["ff02::1", /special-purpose/],
    ["255.255.255.255", /special-purpose/],
    ["240.0.0.1", /special-purpose/],
    ["2001:db8::1", /special-purpose/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /special-purpose/], // Teredo hides its IPv4 address
  ])("always refuses %s", (address, reason) => {
    expect(addressRefusal(address, closed)).toMatch(reason);
    expect(addressRefusal(address, open)).toMatch(reason);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "64:ff9b::808:808"])(
    "allows the public address %s",
    (address) => {
      expect(addressRefusal(address, closed)).toBeUndefined();
    },
  );
});

describe("checkCallbackUrl", () => {
  const policy = { secret: "s".repeat(16), allowedHosts: undefined, allowPrivateAddresses: false };

  it.each([
    "http://127.0.0.1:8080/x",
    "http://2130706433/x",
    "http://0x7f000001/x",
    "http://0177.0.0.1/x",
    "http://127.1/x",
    "http://[::1]/x",
    "http://[::ffff:127.0.0.1]/x",
    "http://localhost:9/x",
    "http://LOCALHOST./x",
    "http://api.localhost/x",
    "http://10.0.0.1/x",
    "http://169.254.169.254/latest/meta-data",
    "http://[fd00:ec2::254]/x",
    "http://0.0.0.0:9/x",
  ])("refuses %s before any request is made", (url) => {
    expect(() => checkCallbackUrl(url, policy)).toThrow(/callback_url host .* is refused/);
  });

  it("refuses a user name or password, without repeating them", () => {
    for (const url of ["https://user:hunter2@hooks.example.test/x", "https://user@hooks.example.test/x"]) {
      let message = "";
      try {
        checkCallbackUrl(url, policy);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/must not contain a user name or password/);
      expect(message).not.toMatch(/hunter2|user@/);
    }
  });

  it("lets names through (they are checked after resolving, at delivery) and loopback when opened", () => {
    expect(checkCallbackUrl("https://hooks.example.test/x", policy).hostname).toBe("hooks.example.test");
    expect(checkCallbackUrl("http://127.0.0.1:9/x", { ...policy, allowPrivateAddresses: true }).port).toBe("9");
    expect(() => checkCallbackUrl("http://169.254.169.254/x", { ...policy, allowPrivateAddresses: true })).toThrow(/metadata/);
  });

  it("logs a URL without its credentials, path or query", () => {
    expect(redactedCallbackUrl("https://user:hunter2@hooks.example.test:8443/t/secret?k=v")).toBe(
      "https://hooks.example.test:8443",
    );
  });

  it("shows a stored URL without a user name or password, and any other URL as it was given", () => {
    expect(callbackUrlWithoutCredentials("https://user:hunter2@hooks.example.test/t?k=v")).toBe(
      "https://hooks.example.test/t?k=v",
    );
    expect(callbackUrlWithoutCredentials("https://:hunter2@hooks.example.test/")).toBe("https://hooks.example.test/");
    expect(callbackUrlWithoutCredentials("https://Hooks.example.test/T")).toBe("https://Hooks.example.test/T");
    expect(callbackUrlWithoutCredentials("not a url")).toBe("not a url");
  });
});

describe("the opt-in", () => {
  it("is off unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES says true, and runs never see server secrets", () => {
    const base = { HOME: "/home/dev", PATH: "/usr/bin" };
    expect(loadConfig(base).webhooks.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true" }).webhooks.allowPrivateAddresses).toBe(true);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "maybe" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
    const withSecrets = loadConfig({
      ...base,
      WEBHOOK_SECRET: "s".repeat(16),
      CLAUDE_API_TOKEN: "t".repeat(20),
      ANTHROPIC_API_KEY: "k",
    });
    expect(withSecrets.runEnv).toEqual({ ...base, ANTHROPIC_API_KEY: "k" });
  });
});

describe("pinnedPost", () => {
  let receiver: Server;
  let port: number;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received.push(req.headers);
      req.resume();
      req.on("end", () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => receiver.close(r)));

  /** A resolver that answers from a script, one answer per call, and counts the calls. */
  const scripted = (...answers: string[][]) => {
    const calls: string[] = [];
    const resolve: Resolver = async (hostname) => {
      calls.push(hostname);
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
      return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    };
    return { resolve, calls };
  };
  const post = (url: string, policy: typeof open, resolve: Resolver) =>
    pinnedPost(new URL(url), { headers: { "x-test": url }, body: "{}", timeoutMs: 5000, policy, resolve });

  it("connects to the address it checked, keeping the name in the Host header, and resolves once", async () => {
    // The name exists only in this resolver; a later answer would point at the metadata
    // endpoint (DNS rebinding). The request must use the first, checked, answer and never ask again.
    const dns = scripted(["127.0.0.1"], ["169.254.169.254"]);
    const url = `http://receiver.invalid:${port}/hook`;
    expect(await post(url, open, dns.resolve)).toBe(204);
    expect(dns.calls).toEqual(["receiver.invalid"]);
    expect(received.find((h) => h["x-test"] === url)?.host).toBe(`receiver.invalid:${port}`);
  });

  it("refuses a name that resolves to a refused address, without connecting", async () => {
    const cases = [
      { answer: ["127.0.0.1"], policy: closed },
      { answer: ["127.0.0.1", "169.254.169.254"], policy: open }, // one bad answer refuses the name
      { answer: ["::ffff:127.0.0.1"], policy: closed },
    ];
    for (const [i, { answer, policy }] of cases.entries()) {
      const url = `http://refused-${i}.invalid:${port}/hook`;
      const attempt = post(url, policy, scripted(answer).resolve);
      await expect(attempt).rejects.toBeInstanceOf(AddressRefusedError);
      await expect(attempt).rejects.toThrow(/refused: .* resolves to/);
      expect(received.some((h) => h["x-test"] === url)).toBe(false);
    }
  });

  it("refuses an IP literal without resolving it, and reaches it when opened", async () => {
    const dns = scripted([]);
    await expect(post(`http://127.0.0.1:${port}/closed`, closed, dns.resolve)).rejects.toThrow(/loopback/);
    expect(await post(`http://127.0.0.1:${port}/open`, open, dns.resolve)).toBe(204);
    expect(dns.calls).toEqual([]);
  });
});
