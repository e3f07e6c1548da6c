/**
 * A corpus of nasty prompts and workdirs against the real claude CLI: each prompt reaches the
 * model verbatim (or is refused with a 4xx), and nothing in it is ever executed by a shell.
 * Workdirs that leave WORKDIR_ROOT (.., absolute paths, symlinks) are refused; odd but legal
 * directory names work.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";

let server: TestServer;
let t: Api;
let canaries: string;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "warn" } });
  t = api(server);
  canaries = path.join(server.root, "canaries");
  mkdirSync(canaries);
});
afterAll(() => server?.stop());

/** A shell that ran any of these would create a file in `canaries`. */
const payloads = (c: string) => [
  `$(touch ${c}/dollar-paren)`,
  `\`touch ${c}/backtick\``,
  `; touch ${c}/semicolon`,
  `&& touch ${c}/and-and`,
  `| touch ${c}/pipe`,
  `' ; touch ${c}/single-quote ; '`,
  `" ; touch ${c}/double-quote ; "`,
  `\n touch ${c}/newline \n`,
  `$(touch ${c}/nested-$(echo x))`,
  `\${IFS}touch\${IFS}${c}/ifs`,
  `> ${c}/redirect`,
  `-rf --help --dangerously-skip-permissions`,
  `--resume 00000000-0000-0000-0000-000000000000`,
  "%s%s%s%n",
  "\u001b]0;title\u0007\u001b[2J terminal escapes",
  "emoji 👩‍👩‍👧‍👦 rtl \u202eevil\u202c zero\u200bwidth",
];

const createdTasks: Array<{ id: string; prompt: string }> = [];

// Own tasks, prompts and canaries each, and no count of tasks: side by side.
describe.concurrent("nasty prompts reach claude verbatim and are never executed", () => {
  it("shell metacharacters, quotes, newlines, flags, escapes", async ({ expect }) => {
    const prompts = payloads(canaries).map((p, i) => `corpus ${i}: ${p}`);
    for (const prompt of prompts) {
      const res = await t.create({ prompt });
      expect(res.status, res.text).toBe(201);
      createdTasks.push({ id: res.json.task_id, prompt });
    }
    // And as follow-ups, which take the same path with --resume.
    const first = createdTasks[0]!;
    await t.finished(first.id);
    const followup = `follow-up: ${payloads(canaries)[0]}`;
    expect((await t.message(first.id, followup)).status).toBe(200);
    for (const { id } of createdTasks) expect((await t.finished(id)).status).toBe("completed");

    const seen = server.model.requests.map((r) => r.prompt);
    for (const prompt of [...prompts, followup]) expect(seen).toContain(prompt);
    expect(readdirSync(canaries)).toEqual([]);
  });

  it("a NUL byte is refused or arrives verbatim, never truncating the prompt", async ({ expect }) => {
    const prompt = "before\u0000after $(touch /tmp/never)";
    const res = await t.create({ prompt });
    if (res.status === 400) {
      expect(typeof res.json.code).toBe("string");
      return;
    }
    expect(res.status).toBe(201);
    const done = await t.finished(res.json.task_id);
    expect(["completed", "error"]).toContain(done.status);
    // Accepted, it must arrive whole: nothing after the NUL lost, nothing run.
    expect(server.model.requests.map((r) => r.prompt)).toContain(prompt);
    expect(existsSync("/tmp/never")).toBe(false);
  });

  it("a 1 MB prompt arrives whole (under the default 1 MiB body limit)", async ({ expect }) => {
    const prompt = `big ${"0123456789abcdef".repeat(62_499)}${"x".repeat(8)} end`;
    expect(prompt.length).toBe(1_000_000);
    const res = await t.create({ prompt });
    expect(res.status).toBe(201);
    expect((await t.finished(res.json.task_id)).status).toBe("completed");
    const arrived = server.model.requests.find((r) => r.prompt?.startsWith("big "));
    expect(arrived?.prompt?.length).toBe(prompt.length);
    expect(arrived?.prompt === prompt).toBe(true);
    // The task's summary keeps the prompt, and the list trims it.
    const listed = (await t.list()).json.tasks.find((x: { task_id: string }) => x.task_id === res.json.task_id);
    expect(listed.prompt.length).toBeLessThanOrEqual(120);
  });
});

describe("nasty workdirs", () => {
  it("refuses every way out of WORKDIR_ROOT", async () => {
    const outside = path.join(server.root, "outside");
    mkdirSync(outside);
    mkdirSync(path.join(server.workdirRoot, "inside"));
    symlinkSync(outside, path.join(server.workdirRoot, "link-out"));
    symlinkSync("/", path.join(server.workdirRoot, "link-root"));
    symlinkSync("../outside", path.join(server.workdirRoot, "inside", "relative-out"));
    symlinkSync(path.join(server.workdirRoot, "loop-b"), path.join(server.workdirRoot, "loop-a"));
    symlinkSync(path.join(server.workdirRoot, "loop-a"), path.join(server.workdirRoot, "loop-b"));
    const before = (await t.list()).json.tasks.length;
    for (const workdir of [
      "..",
      "../outside",
      outside,
      "/",
      "/etc",
      "link-out",
      "link-root",
      "link-out/.",
      "inside/relative-out",
      "inside/../../outside",
      "loop-a",
      "inside\u0000/../..",
      "~",
      "$HOME",
      `$(touch ${canaries}/workdir)`,
    ]) {
      const res = await t.create({ prompt: "@reply should not run", workdir });
      expect(res.status, `${workdir}: ${res.text}`).toBe(400);
      expect(res.json.code).toBe("invalid_workdir");
    }
    expect((await t.list()).json.tasks.length).toBe(before);
    expect(readdirSync(canaries)).toEqual([]);
  });

  it("runs in directories with shell metacharacters in their names, without running them", async () => {
    const names = [`$(touch ${path.basename(canaries)}-x)`, "a b;c", "`id`", "quote'n\"dbl", "-rf", "ünï cødé", "new\nline"];
    // Independent tasks: all are started, then each is checked once it has finished.
    const started: Array<{ id: string; dir: string }> = [];
    for (const name of names) {
      const dir = path.join(server.workdirRoot, name);
      mkdirSync(dir);
      const prompt = `@bash pwd\n@reply ran in ${JSON.stringify(name)}`;
      const res = await t.create({ prompt, workdir: name });
      expect(res.status, res.text).toBe(201);
      expect(res.json.workdir).toBe(dir);
      started.push({ id: res.json.task_id, dir });
    }
    for (const { id, dir } of started) {
      const done = await t.finished(id);
      expect(done.status).toBe("completed");
      const output = (await t.output(id)).text;
      expect(output).toContain(`"cwd":${JSON.stringify(dir)}`);
    }
    expect(readdirSync(canaries)).toEqual([]);
    expect(readdirSync(server.workdirRoot).filter((e) => e.includes("-x"))).toEqual([`$(touch ${path.basename(canaries)}-x)`]);
  });
});
