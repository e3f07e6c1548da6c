/**
 * The CLI against the REAL server (real tmux, real claude, scripted model): every command's
 * human and --json output, exit codes, live follow, bad flags, unreachable servers. As a
 * subprocess where the process is what is checked (its exit code, its pipes, output as it
 * comes); in-process elsewhere, the same code path at a fraction of the CPU.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, unusedUrl } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "../support/run-binary.js";
import { runInProcess } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
/** A finished task written before the server starts, for the test that only needs one to exist. */
let finishedId: string;
const cli = (...argv: string[]) => runBinary(argv, env);
const inProcess = (...argv: string[]) => runInProcess(argv, { env });
const ID_LINE = /^(\d+-[0-9a-f]{8})\n$/;

beforeAll(async () => {
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply quick" }] });
  finishedId = server.seeded[0] as string;
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server?.logs());
  await server?.stop();
});

function expectOk(result: { code: number | null; stdout: string; stderr: string }, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("run, show, logs, list on a finished task", () => {
  let id: string;

  it("run --wait: result text on stdout, status on stderr, exit 0", async () => {
    const result = await cli(
      "run",
      "--wait",
      "Write a note\n@write notes/cli.txt from the cli\n@bash cat notes/cli.txt\n@reply the note is written",
    );
    expectOk(result);
    expect(result.stdout).toBe("the note is written\n");
    const match = /^(\d+-[0-9a-f]{8}) completed \(/m.exec(result.stderr);
    expect(match).not.toBeNull();
    id = match?.[1] as string;
    expect(result.stdout + result.stderr).not.toContain("\x1b["); // pipes are not terminals: no colour
  });

  it("show: aligned details with relative times; --json is the SDK result unchanged", async () => {
    const human = await inProcess("show", id);
    expectOk(human);
    expect(human.stdout).toMatch(new RegExp(`^Task\\s+${id}$`, "m"));
    expect(human.stdout).toMatch(/^Status\s+completed$/m);
    expect(human.stdout).toMatch(/^Created\s+(just now|\d+s ago) \(\d{4}-\d\d-\d\d /m);
    expect(human.stdout).toMatch(/^Totals\s+3 turns · \$[\d.]+$/m);
    expect(human.stdout).toContain("Last result\nthe note is written");
    const json = await inProcess("show", id, "--json");
    expectOk(json);
    expect(JSON.parse(json.stdout)).toEqual(await client.tasks.get(id));
  });

  it("logs: a readable transcript; --raw the exact log; --tail; --json events", async () => {
    const human = await inProcess("logs", id);
    expectOk(human);
    expect(human.stdout).toMatch(/^→ Write .*notes\/cli\.txt$/m);
    expect(human.stdout).toMatch(/^→ Bash cat notes\/cli\.txt$/m);
    expect(human.stdout).toMatch(/^ {2}← Bash: from the cli$/m);
    expect(human.stdout).toMatch(/^the note is written$/m);
    expect(human.stdout).toMatch(/^✓ run finished \(.* · 3 turns · \$[\d.]+\)$/m);

    const raw = await inProcess("logs", "--raw", id);
    expectOk(raw);
    expect(raw.stdout).toBe(await client.tasks.output(id));
    expect((await inProcess("logs", "--raw", "--tail", "1", id)).stdout).toBe("__CLAUDE_EXIT_CODE_0__\n");
    // Following from a tail: the server sends only those lines, then the stream ends.
    const rawLines = raw.stdout.split("\n").slice(0, -1);
    const followedTail = await inProcess("logs", "-f", "--raw", "--tail", "2", id);
    expectOk(followedTail);
    expect(followedTail.stdout).toBe(`${rawLines.slice(-2).join("\n")}\n`);

    const json = await inProcess("logs", "--json", id);
    const events = JSON.parse(json.stdout) as Array<{ type: string }>;
    expect(events.map((e) => e.type)).toEqual([
      "system",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "result",
      "exit",
    ]);
  });

  it("list: a table with relative times; filters; --json keeps the response shape", async () => {
    const human = await inProcess("list");
    expectOk(human);
    expect(human.stdout).toMatch(/^ID\s+STATUS\s+CREATED\s+COST\s+PROMPT$/m);
    expect(human.stdout).toMatch(
      new RegExp(`^${id}\\s+completed\\s+(just now|\\d+s ago)\\s+\\$[\\d.]+\\s+Write a note ⏎ @write`, "m"),
    );
    const json = JSON.parse((await inProcess("list", "--json")).stdout);
    expect(json).toEqual(await client.tasks.list());
    const filtered = JSON.parse((await inProcess("list", "--json", "--status", "running", "--limit", "1")).stdout);
    expect(filtered.tasks.every((t: { status: string }) => t.status === "running")).toBe(true);
    expect((await inProcess("list", "--status", "killed")).stderr).toMatch(/no killed tasks|^$/);
  });

  it("send continues the conversation; wait reports the follow-up", async () => {
    const sent = await inProcess("send", id, "@reply second answer");
    expectOk(sent);
    expect(sent.stdout).toMatch(new RegExp(`^${id} follow-up #1 (running|queued)\\n$`));
    const waited = await inProcess("wait", id);
    expectOk(waited);
    expect(waited.stdout).toBe("second answer\n");
    const json = JSON.parse((await inProcess("send", "--json", id, "@reply third")).stdout);
    expect(json).toMatchObject({ task_id: id, status: "running" });
    expect(json.followups).toHaveLength(2);
    const waitedJson = await inProcess("wait", "--json", id);
    expect(JSON.parse(waitedJson.stdout)).toMatchObject({ task_id: id, status: "completed" });
  });
});

describe("live output", () => {
  it("run --follow prints the transcript while the task runs, then exits with the status code", async () => {
    const result = await cli("run", "--follow", "@write live.txt x\n@sleep 2000\n@reply finished");
    expectOk(result);
    const toolLine = result.chunks.find((chunk) => chunk.text.includes("→ Write"));
    expect(toolLine).toBeDefined();
    // The tool call was on screen well before the end: it was streamed, not printed at exit.
    expect(result.endedAt - (toolLine?.at ?? result.endedAt)).toBeGreaterThan(1000);
    expect(result.stdout).toMatch(/^finished$/m);
    expect(result.stderr).toMatch(/completed/);
  });

  it("logs -f follows a task started elsewhere; --json prints events as JSON lines", async () => {
    const task = await client.tasks.create({ prompt: "@sleep 1500\n@reply followed" });
    const [human, json] = await Promise.all([cli("logs", "-f", task.task_id), cli("logs", "-f", "--json", task.task_id)]);
    expectOk(human);
    expect(human.stdout).toMatch(/^followed$/m);
    expectOk(json);
    const types = json.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(["system", "assistant", "result", "exit"]);
  });
});

// Each test here starts and ends its own tasks and reads no list: they run side by side.
describe.concurrent("ending tasks and exit codes", () => {
  it("wait --timeout on a running task (12), kill it (0), wait on it (11); kill a finished one (6)", async ({ expect }) => {
    const started = await cli("run", "@sleep 30000\n@reply never");
    expectOk(started);
    expect(started.stdout).toMatch(ID_LINE);
    expect(started.stderr).toContain("claude-tasks logs -f");
    const id = started.stdout.trim();
    const timedOut = await cli("wait", "--timeout", "1s", id);
    expectOk(timedOut, 12);
    expect(timedOut.stderr).toMatch(/still running after 1000 ms/);
    const killed = await cli("kill", id);
    expectOk(killed);
    expect(killed.stdout).toBe(`${id} killed\n`);
    expectOk(await cli("wait", id), 11);
    const again = await cli("kill", "--json", id);
    expectOk(again);
    expect(JSON.parse(again.stdout)).toMatchObject({ task_id: id, status: "killed" });

    const conflict = await cli("kill", finishedId);
    expectOk(conflict, 6);
    expect(conflict.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("run --wait on a failing task exits 10", async ({ expect }) => {
    const failed = await cli("run", "--wait", "@fail 500 scripted");
    expectOk(failed, 10);
    expect(failed.stderr).toMatch(/ error/);
  });

  it("not found 4, bad token 3, unreachable 5, bad flag 2", async ({ expect }) => {
    const missing = await cli("show", "1700000000-deadbeef");
    expectOk(missing, 4);
    expect(missing.stderr).toMatch(/run "claude-tasks list"/);
    expectOk(await runBinary(["list"], { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: "wrong" }), 3);
    const unreachable = await runBinary(["list"], { CLAUDE_TASKS_URL: await unusedUrl(), CLAUDE_API_TOKEN: "t" });
    expectOk(unreachable, 5);
    expect(unreachable.stderr).toMatch(/cannot reach .*ECONNREFUSED/);
    const badFlag = await cli("list", "--limit", "many");
    expectOk(badFlag, 2);
    expect(badFlag.stdout).toBe("");
  });
});

describe("configuration and setup commands", () => {
  it("token reads the pod token file; config shows where settings come from, token masked", async () => {
    const token = await runInProcess(["token"], { env: { TASKS_DIR: server.tasksDir, CLAUDE_TASKS_URL: server.url } });
    expectOk(token);
    expect(token.stdout).toBe(`${server.token}\n`);

    // Inside the pod nothing needs configuring: default URL, token from the file.
    const config = await runInProcess(["config", "--json", "--url", server.url], { env: { TASKS_DIR: server.tasksDir } });
    const shown = JSON.parse(config.stdout);
    expect(shown.url).toEqual({ value: server.url, source: "--url" });
    expect(shown.token.source).toBe(join(server.tasksDir, ".api-token"));
    expect(config.stdout).not.toContain(server.token);
    expectOk(await runInProcess(["list", "--url", server.url], { env: { TASKS_DIR: server.tasksDir } }));
  });

  it("a config profile is used with --profile", async () => {
    const xdg = join(server.root, "xdg");
    execFileSync("mkdir", ["-p", join(xdg, "claude-tasks")]);
    writeFileSync(
      join(xdg, "claude-tasks", "config.json"),
      JSON.stringify({ profiles: { test: { url: server.url, token: server.token } } }),
    );
    const listed = await runInProcess(["--profile", "test", "list", "--json"], { env: { XDG_CONFIG_HOME: xdg } });
    expectOk(listed);
    expect(JSON.parse(listed.stdout).tasks.length).toBeGreaterThan(0);
  });

  it("completion scripts are valid shell", async () => {
    const bash = await inProcess("completion", "bash");
    expectOk(bash);
    execFileSync("bash", ["-n"], { input: bash.stdout });
    expect(bash.stdout).toContain("complete -o default -F _claude_tasks claude-tasks");
    const zsh = await inProcess("completion", "zsh");
    expectOk(zsh);
    expect(zsh.stdout).toMatch(/^#compdef claude-tasks/);
  });
});
