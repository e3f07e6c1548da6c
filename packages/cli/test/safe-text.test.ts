/**
 * Hostile text made harmless: control characters become visible notation, the CLI's own colours
 * stay, JSON output parses to the same value, and an approval's input is shown whole.
 */
import { parseStreamJson } from "@claude-task-api/sdk";
import { describe, expect, it } from "vitest";
import { foldText, renderApprovalInput } from "../src/render/approval-input.js";
import { formatOutput } from "../src/render/output-format.js";
import { safeJson, safeText, safeView } from "../src/render/safe-text.js";
import { createStyle } from "../src/render/style.js";
import { TranscriptRenderer } from "../src/render/transcript.js";

/** Anything a terminal would act on rather than show: C0 but tab and newline, DEL, C1, bidi and line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Everything but the CLI's own colour codes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the CLI's SGR codes are what is allowed
const withoutOwnColours = (text: string) => text.replace(/\x1b\[\d+m/g, "");

const HOSTILE =
  "title\x1b]0;pwned\x07 clear\x1b[2J\x1b[H red\x1b[31mX\x1b[0m bell\x07 hidden\rshown c1\x9b31m nel\x85 del\x7f rtl\u202eevil\u202c iso\u2066x\u2069 ls\u2028 tab\tnl\nend é 🙂";

describe("safeText", () => {
  it("shows C0, DEL, C1 and bidi controls in visible notation; keeps tab, newline and other text", () => {
    expect(safeText(HOSTILE)).toBe(
      "title^[]0;pwned^G clear^[[2J^[[H red^[[31mX^[[0m bell^G hidden^Mshown c1M-^[31m nelM-^E del^? rtl<U+202E>evil<U+202C> iso<U+2066>x<U+2069> ls<U+2028> tab\tnl\nend é 🙂",
    );
    expect(safeText(HOSTILE)).not.toMatch(ACTIVE);
    expect(safeText("\x00\x1f")).toBe("^@^_");
    expect(safeText("\x80\x9f")).toBe("M-^@M-^_");
    expect(safeText(safeText(HOSTILE))).toBe(safeText(HOSTILE));
  });

  it("safeView makes every string safe, keys included, and leaves other values alone", () => {
    const value = { "k\x1b": ["a\rb", 1, null, true, { deep: "\u202e" }], n: 2 };
    expect(safeView(value)).toEqual({ "k^[": ["a^Mb", 1, null, true, { deep: "<U+202E>" }], n: 2 });
  });

  it("safeJson is the same JSON value with nothing active left in the text", () => {
    const value = { text: HOSTILE, list: ["\x9b", "\u2066"] };
    const json = safeJson(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(ACTIVE);
    expect(JSON.parse(json)).toEqual(value);
    expect(formatOutput({ kind: "json" }, value)).not.toMatch(ACTIVE);
  });

  it("-o jsonpath prints a selected string as it is into a pipe, and made safe on a terminal", () => {
    const format = { kind: "jsonpath" as const, path: "$.text" };
    expect(formatOutput(format, { text: "a\x1b[2Jb" }, false)).toBe("a\x1b[2Jb\n");
    expect(formatOutput(format, { text: "a\x1b[2Jb" }, true)).toBe("a^[[2Jb\n");
  });
});

describe("the transcript with hostile model output", () => {
  const line = (event: object) => JSON.stringify(event);
  const log = [
    line({ type: "system", subtype: "init", session_id: "s\x1b]0;t\x07", model: "m\x9b2J", cwd: "/w\r" }),
    line({ type: "assistant", message: { content: [{ type: "text", text: HOSTILE }] } }),
    line({
      type: "assistant",
      message: { content: [{ type: "tool_use", id: "t1", name: "Bash\x1b[8m", input: { command: "ls\rrm -rf ~" } }] },
    }),
    line({ type: "user", message: { content: [{ type: "tool_result", tool_use_id: "t1", content: "out\x1b[2J\x07" }] } }),
    line({ type: "result", subtype: "success", is_error: true, result: "API Error: \x1b]52;c;cm0gLXJmIH4=\x07" }),
    "plain \x1b[2J line",
  ].join("\n");

  it("keeps the CLI's own colours and nothing else that a terminal would act on", () => {
    const renderer = new TranscriptRenderer(createStyle(true));
    const text = parseStreamJson(log)
      .flatMap((event) => renderer.render(event))
      .join("\n");
    expect(text).toContain("\x1b[31m✗ run failed"); // the CLI's colours still work
    expect(withoutOwnColours(text)).not.toMatch(ACTIVE);
    expect(withoutOwnColours(text)).toContain("→ Bash^[[8m ls^Mrm -rf ~");
    expect(withoutOwnColours(text)).toContain("  ← Bash^[[8m: out^[[2J^G");
    expect(withoutOwnColours(text)).toContain("✗ run failed: API Error: ^[]52;c;cm0gLXJmIH4=^G");
  });
});

/** The text folded rows show: a row with the fold mark continues the one before it. */
const unfold = (rows: string[]) =>
  rows.reduce((text, row, i) => (row.startsWith("↪ ") ? text + row.slice(2) : i === 0 ? row : `${text}\n${row}`), "");

describe("an approval's input, whole", () => {
  const plain = createStyle(false);
  const command = `echo ${"harmless ".repeat(10)}\rrm -rf ~/precious; echo done\nsecond line`;

  it("shows every field in full, the carriage return visible, folded with a mark and never cut", () => {
    const lines = renderApprovalInput(
      { approval_id: "ap_0123456789abcdef", tool: "Bash", input: { command, description: "Tidy\x1b[8m", timeout: 5 } },
      plain,
      60,
    );
    expect(lines[0]).toBe("? Bash asks to run with (ap_0123456789abcdef):");
    for (const row of lines) expect([...row].length).toBeLessThanOrEqual(60);
    expect(lines.join("\n")).not.toMatch(ACTIVE);
    const commandRows = lines.slice(2, lines.indexOf("    description:")).map((row) => row.slice(8));
    expect(commandRows.length).toBeGreaterThan(2);
    // Joining the folded parts gives back the whole command, in visible notation.
    expect(unfold(commandRows)).toBe(safeText(command));
    expect(lines.slice(-4)).toEqual(["    description:", "        Tidy^[[8m", "    timeout:", "        5"]);
  });

  it("folds each line to the width, marks the parts after the first, and keeps empty lines", () => {
    expect(foldText("abcdefghijklmnopqrstuvwxyz0123456789\n\nend", 22)).toEqual([
      "abcdefghijklmnopqrst",
      "↪ uvwxyz0123456789",
      "",
      "end",
    ]);
  });
});
