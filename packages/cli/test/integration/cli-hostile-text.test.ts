/**
 * Hostile text in a person's terminal, against the REAL server (real tmux, real claude, the
 * scripted model): a model whose answers and tool output carry escape sequences (OSC, CSI),
 * BEL, CR, C1 controls and bidi overrides is shown harmlessly by every command that prints it,
 * with the CLI's own colours still working; machine output keeps the exact value. And the y/n
 * prompt (in a real tmux pane, so it is a terminal) shows an approval's whole input: a long Bash
 * command whose dangerous part comes after 80 characters and on its next line, and a Write whose
 * content hides a line behind a carriage return. (claude 2.1.328 itself refuses a Bash command or
 * a path with control characters before asking, "that would be hidden in the approval dialog";
 * file content it lets through.)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runBinary } from "../support/run-binary.js";
import { emptyHome, runInProcess } from "../support/run-in-process.js";

/** Anything a terminal would act on rather than show: C0 but tab and newline, DEL, C1, bidi and line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the CLI's own SGR codes are what is allowed
const withoutOwnColours = (text: string) => text.replace(/\x1b\[\d+m/g, "");

/** The model's final answer: a window title, a screen clear, colours, a bell, a CR that hides, C1 CSI, bidi. */
const ANSWER =
  "Report\x1b]0;pwned-title\x07 \x1b[2J\x1b[Hcleared \x1b[8mconcealed\x1b[0m bell\x07 hidden\rSHOWN c1\x9b2J rtl\u202eevil\u202c clip\x1b]52;c;cm0gLXJmIH4=\x07 end";
const ANSWER_SHOWN =
  "Report^[]0;pwned-title^G ^[[2J^[[Hcleared ^[[8mconcealed^[[0m bell^G hidden^MSHOWN c1M-^[2J rtl<U+202E>evil<U+202C> clip^[]52;c;cm0gLXJmIH4=^G end";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
  server.model.setRules([
    {
      match: "hostile-answer",
      replies: [
        // Tool output with escapes of its own, as a repository's file or a command's output can have.
        { toolUse: { name: "Bash", input: { command: "printf 'tool\\033]0;tool-title\\007\\033[2Jout\\r\\n'" } } },
        { text: ANSWER },
      ],
    },
    { match: "hostile-failure", replies: [{ error: { status: 400, message: "bad \x1b]0;err-title\x07 \x1b[2Jrequest" } }] },
  ]);
});
afterAll(() => server?.stop());

describe("a model that answers with escape sequences", () => {
  let id: string;

  it("run --wait prints the answer in visible notation; nothing a terminal would act on gets through", async () => {
    const result = await cli("run", "--wait", "hostile-answer \x1b]0;prompt-title\x07 please");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ANSWER_SHOWN}\n`);
    expect(result.stderr).not.toMatch(ACTIVE);
    id = (/^(\d+-[0-9a-f]{8}) completed/m.exec(result.stderr) as RegExpExecArray)[1] as string;
  });

  it("logs, show and list show the answer, the tool output and the prompt harmlessly", async () => {
    const logs = await cli("logs", id);
    expect(logs.code).toBe(0);
    expect(logs.stdout).not.toMatch(ACTIVE);
    expect(logs.stdout).toContain(`\n${ANSWER_SHOWN}\n`);
    expect(logs.stdout).toMatch(/← Bash: tool\^\[\]0;tool-title\^G\^\[\[2Jout/);
    const show = await cli("show", id);
    expect(show.stdout).not.toMatch(ACTIVE);
    expect(show.stdout).toMatch(/^Prompt\s+hostile-answer \^\[\]0;prompt-title\^G please$/m);
    expect(show.stdout).toContain(`Last result\n${ANSWER_SHOWN}`);
    const list = await cli("list");
    expect(list.stdout).not.toMatch(ACTIVE);
    expect(list.stdout).toContain("hostile-answer ^[]0;prompt-title^G please");
  });

  it("on a terminal the CLI's own colours stay, and they are the only escape codes", async () => {
    const logs = await runInProcess(["logs", id], { env, tty: true });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain("\x1b[32m✓ run finished");
    expect(withoutOwnColours(logs.stdout)).not.toMatch(ACTIVE);
    expect(withoutOwnColours(logs.stdout)).toContain(ANSWER_SHOWN);
    // Raw lines and jsonpath strings are exact into a pipe, and made safe on a terminal too.
    const raw = await runInProcess(["logs", "--raw", id], { env, tty: true });
    expect(raw.stdout).not.toMatch(ACTIVE);
    const text = await runInProcess(["show", id, "-o", "jsonpath={.result.text}"], { env, tty: true });
    expect(text.stdout).toBe(`${ANSWER_SHOWN}\n`);
  });

  it("machine output keeps the exact text: --json parses to it, --raw and -o jsonpath into a pipe are its bytes", async () => {
    const json = await cli("show", id, "--json");
    expect(json.stdout).not.toMatch(ACTIVE);
    expect(JSON.parse(json.stdout).result.text).toBe(ANSWER);
    const events = await cli("logs", id, "--json");
    expect(events.stdout).not.toMatch(ACTIVE);
    const result = (JSON.parse(events.stdout) as Array<{ type: string; result?: string }>).find((e) => e.type === "result");
    expect(result?.result).toBe(ANSWER);
    const raw = await cli("logs", "--raw", id);
    expect(raw.stdout).toBe(await client.tasks.output(id));
    const text = await cli("show", id, "-o", "jsonpath={.result.text}");
    expect(text.stdout).toBe(`${ANSWER}\n`);
  });

  it("a refusal that quotes what was asked for is one harmless line; with --json the same text, escaped", async () => {
    const workdir = "no\x1b]0;dir-title\x07where";
    const human = await cli("run", "--workdir", workdir, "hello");
    expect(human.code).toBe(2);
    expect(human.stderr).not.toMatch(ACTIVE);
    expect(human.stderr).toContain("no^[]0;dir-title^Gwhere");
    const json = await cli("run", "--json", "--workdir", workdir, "hello");
    expect(json.stderr).not.toMatch(ACTIVE);
    expect(JSON.parse(json.stderr).error).toContain(workdir);
  });

  it("an error the model's API answered with is one harmless line", async () => {
    const result = await cli("run", "--wait", "hostile-failure");
    expect(result.code).toBe(10);
    expect(result.stderr).not.toMatch(ACTIVE);
    expect(result.stderr).toMatch(/error.*bad \^\[\]0;err-title\^G \^\[\[2Jrequest/);
  });
});

/**
 * The input fields of the last approval block for `tool` on the screen: each field's text with
 * folded parts joined back (a part starting with the fold mark continues the row before it).
 */
function shownInput(screen: string, tool: string): Record<string, string> {
  const rows = screen.split("\n");
  const start = rows.findLastIndex((row) => new RegExp(`^\\? ${tool} asks to run with \\(ap_\\w+\\):$`).test(row));
  if (start === -1) throw new Error(`no ${tool} approval on the screen:\n${screen}`);
  const fields: Record<string, string> = {};
  let field = "";
  for (const row of rows.slice(start + 1)) {
    const name = /^ {4}(\w+):$/.exec(row)?.[1];
    if (name) {
      field = name;
      continue;
    }
    if (!row.startsWith(" ".repeat(8)) || !field) break;
    const text = row.slice(8);
    const before = fields[field];
    fields[field] = before === undefined ? text : text.startsWith("↪ ") ? before + text.slice(2) : `${before}\n${text}`;
  }
  return fields;
}

describe("approving in a terminal", () => {
  // The old prompt showed "Allow ap_… (Bash true xxxx…)": the first 80 characters of the first line.
  const command = `true ${"x".repeat(90)} && echo all-good\ntouch cli-hostile-ran # the line that matters`;
  const content = "echo all-good\rrm -rf ~ # what the CR hid";
  const width = 72;

  it("shows the whole input, folded to the width, a second line and a carriage return visible, before asking", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-hostile-"));
    const socket = join(dir, "tmux.sock");
    const exitFile = join(dir, "exit");
    const filePath = join(server.workdirRoot, "cli-hostile.sh");
    server.model.setRules([
      {
        match: "hostile-approval",
        replies: [
          { toolUse: { name: "Bash", input: { command, description: "Tidy up" } } },
          { toolUse: { name: "Write", input: { file_path: filePath, content } } },
          { text: "left alone" },
        ],
      },
    ]);
    const script = join(dir, "follow.sh");
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        `export CLAUDE_TASKS_URL='${server.url}' CLAUDE_API_TOKEN='${server.token}' HOME='${emptyHome()}' NO_COLOR=1`,
        `'${process.execPath}' '${BIN}' run --follow --approvals hostile-approval`,
        // Written whole, then renamed: the test waits for the file, and must never read it half-written.
        `echo $? > '${exitFile}.tmp' && mv '${exitFile}.tmp' '${exitFile}'`,
        "sleep 600",
      ].join("\n"),
      { mode: 0o755 },
    );
    const tmux = (...args: string[]) => execFileSync("tmux", ["-S", socket, ...args], { encoding: "utf8" });
    const screen = () => tmux("capture-pane", "-p");
    const question = async (tool: string) => {
      const asked = await waitFor(`the ${tool} question`, async () => {
        if (new RegExp(`Allow ${tool} as shown above \\(ap_\\w+\\)\\? \\[y/N`).test(screen())) return "asked";
        // A run that ended without asking will never ask: stop waiting.
        return existsSync(exitFile) ? "ended" : undefined;
      }).catch((error: Error) => error.message);
      if (asked !== "asked") throw new Error(`${asked}: no ${tool} question; the terminal shows:\n${screen()}`);
    };
    try {
      tmux("new-session", "-d", "-x", String(width), "-y", "80", script);
      await question("Bash");
      const bash = shownInput(screen(), "Bash");
      expect(bash).toEqual({ command, description: "Tidy up" });
      for (const row of screen().split("\n")) expect([...row].length).toBeLessThanOrEqual(width);
      expect(screen()).toContain(`        true ${"x".repeat(width - 8 - 2 - 5)}\n        ↪ `);
      // show, outside a terminal, has the whole input too (folded to 80 columns).
      const [newest] = (await client.tasks.list()).tasks;
      const shown = await cli("show", newest?.task_id as string);
      expect(shown.stdout).toMatch(/^Waits for\s+ap_\w+ \(Bash true x+…\)/m);
      expect(shownInput(shown.stdout, "Bash")).toEqual({ command, description: "Tidy up" });
      tmux("send-keys", "not that", "Enter");

      await question("Write");
      expect(shownInput(screen(), "Write")).toEqual({ file_path: filePath, content: content.replace("\r", "^M") });
      tmux("send-keys", "n", "Enter");

      await waitFor("the command to end", async () => (existsSync(exitFile) ? true : undefined));
      expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
      expect(screen()).toMatch(/✗ denied Bash: not that/);
      expect(existsSync(join(server.workdirRoot, "cli-hostile-ran"))).toBe(false);
      expect(existsSync(filePath)).toBe(false);
    } finally {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
