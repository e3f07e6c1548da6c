/**
 * The CLI held to gh and kubectl habits against the REAL server: a pipe that closes early,
 * status without a token, login and config with a private file, JSON errors, error_kind with
 * the next step (said once), 409s that say what to do, replays that do not claim to start
 * anything, a URL typed without its scheme. As a subprocess where the process is what is checked
 * (a closed pipe, Ctrl-C on a terminal, a token read from stdin); in-process elsewhere, the same
 * code path at a fraction of the CPU.
 */
import { execFile, spawn } from "node:child_process";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runBinary } from "../support/run-binary.js";
import { emptyHome, runInProcess } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
/** A finished task written before the server starts, for the tests that only read one. */
let finishedId: string;
const cli = (...argv: string[]) => runInProcess(argv, { env });

beforeAll(async () => {
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply picked" }] });
  finishedId = server.seeded[0] as string;
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
});
afterAll(async () => {
  await server?.stop();
});

describe("a running task", () => {
  const go = join(emptyHome(), "go");
  let id: string;

  // One run for both tests, running all through either (the pipe test says how its steps go).
  beforeAll(async () => {
    const task = await client.tasks.create({
      prompt: `@bash while [ ! -e '${go}' ]; do sleep 0.05; done\n@bash echo two\n@sleep 60000\n@reply done`,
    });
    id = task.task_id;
  });
  afterAll(async () => {
    if (id) await client.tasks.kill(id);
  });

  it("exits quietly (0, nothing on stderr) when the reader goes away: logs -f | head -1", async () => {
    const home = emptyHome();
    // The run's first tool call waits until the reader has gone; the tool call after it is
    // the CLI's next write, into a pipe nobody reads. The run then waits a minute: the CLI
    // can only stop early by noticing the closed pipe. (The reader's subshell closes its own
    // copy of the pipe before it says go, so no reader is left by then.)
    const { stdout, stderr } = await promisify(execFile)(
      "bash",
      [
        "-c",
        `node "${BIN}" logs -f ${id} 2>cli.err | (head -1; exec 0<&-; touch '${go}'); echo "cli=\${PIPESTATUS[0]}"; cat cli.err`,
      ],
      { cwd: home, env: { PATH: process.env.PATH, HOME: home, ...env }, encoding: "utf8" },
    );
    expect(stdout).toMatch(/^● session [0-9a-f-]+.*\ncli=0\n$/);
    expect(stderr).toBe("");
    // It stopped at a write after the reader left, long before the task ended.
    expect((await client.tasks.get(id)).status).toBe("running");
  });

  it("Ctrl-C while wait's spinner runs on a terminal: the spinner line is cleared, exit 130", async () => {
    // `script` gives the CLI a real terminal; ^C typed into it is the terminal's SIGINT.
    const child = spawn("script", ["-qfec", `"${process.execPath}" "${BIN}" wait ${id}`, "/dev/null"], {
      env: { PATH: process.env.PATH, HOME: emptyHome(), TERM: "xterm", ...env },
    });
    let out = "";
    let typed = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", (data: Buffer) => {
        out += data.toString();
        if (!typed && out.includes(`${id} running ·`)) {
          typed = true;
          child.stdin.write("\x03");
        }
      });
      // "close", not "exit": the process can be reported gone before its last output is read.
      child.on("close", resolve);
    });
    expect(code).toBe(130);
    expect(out.endsWith("\r\x1b[K")).toBe(true);
  });
});

describe("status", () => {
  it("works without a token: health and readiness need none", async () => {
    const result = await runInProcess(["status"], { env: { CLAUDE_TASKS_URL: server.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Ready\s+ready$/m);
    expect(result.stdout).toMatch(/^Tasks\s+\(needs a token: see "claude-tasks login"\)$/m);
    expect(result.stderr).toBe("");
  });

  it("takes a URL without its scheme", async () => {
    const result = await runInProcess(["--url", `127.0.0.1:${server.port}`, "status", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).url).toBe(`http://127.0.0.1:${server.port}`);
  });
});

describe("login and config", () => {
  it("login checks the token and saves it 0600; config use / set change profiles; a loose mode is warned about", async () => {
    const home = emptyHome();
    const base = { HOME: home };
    const inHome = (...argv: string[]) => runInProcess(argv, { homedir: home });
    // login reads the token from the process's stdin: the binary's.
    const bad = await runBinary(["--url", server.url, "login", "--with-token"], base, "not-the-token\n");
    expect(bad.code).toBe(3);
    const login = await runBinary(["--url", server.url, "--profile", "pod", "login", "--with-token"], base, `${server.token}\n`);
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(
      /^logged in to http:\/\/127\.0\.0\.1:\d+ with token .*; saved as profile "pod" in .*config\.json\n$/,
    );
    const file = join(home, ".config/claude-tasks/config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      defaultProfile: "pod",
      profiles: { pod: { url: server.url, token: server.token } },
    });
    // The saved profile is used with no flags and no environment at all.
    expect((await inHome("list", "--json")).code).toBe(0);

    expect((await inHome("--profile", "other", "config", "set", "url", "example.invalid:1")).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).profiles.other).toEqual({ url: "https://example.invalid:1" });
    expect((await inHome("config", "use", "other")).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).defaultProfile).toBe("other");
    const unknown = await inHome("config", "use", "nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no profile "nope" .* \(profiles: pod, other\)/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    chmodSync(file, 0o644);
    const shown = await inHome("config");
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(`warning: ${file} is mode 644 and holds tokens; make it private: chmod 600 ${file}\n`);
  });
});

describe("transcript", () => {
  it("logs --tail of a resumed run shows that run's own cost, as the server counts it", async () => {
    const task = await client.tasks.create({ prompt: "@reply first answer" });
    await client.tasks.wait(task.task_id);
    await client.tasks.sendMessage(task.task_id, { prompt: "@reply second answer" });
    const done = await client.tasks.wait(task.task_id);
    const own = done.runs[1]?.cost_usd as number;
    const total = done.runs[1]?.result?.total_cost_usd as number;
    expect(own).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(own);
    // The last two lines: the second run's result event and its exit marker.
    const tail = await cli("logs", "--tail", "2", task.task_id);
    expect(tail.code).toBe(0);
    const cost = (usd: number) => `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
    expect(tail.stdout).toMatch(new RegExp(`^✓ run finished \\(.* · ${cost(own).replace("$", "\\$")}\\)$`, "m"));
  });
});

describe("field selection", () => {
  it("-o jsonpath= prints the selected fields one per line", async () => {
    const status = await cli("show", finishedId, "-o", "jsonpath={.status}");
    expect(status).toMatchObject({ code: 0, stdout: "completed\n" });
    const ids = await cli("list", "-o", "jsonpath={.tasks[*].task_id}");
    expect(ids.code).toBe(0);
    expect(ids.stdout.split("\n")).toContain(finishedId);
    expect(ids.stdout).toMatch(/^(\d{10}-[0-9a-f]{8}\n)+$/);
    const plain = await cli("show", finishedId, "-o", "jsonpath=$.runs[0].result");
    // A seeded task's result text is "done".
    expect(JSON.parse(plain.stdout)).toMatchObject({ text: "done", is_error: false });
  });

  it("an unknown -o format is a usage error, as one JSON line", async () => {
    const bad = await cli("list", "-o", "yaml");
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ exit_code: 2, error: expect.stringMatching(/use json or jsonpath=EXPR/) });
  });
});

describe("errors", () => {
  it("with --json, errors are one JSON line on stderr (API and usage errors alike)", async () => {
    const missing = await cli("show", "--json", "1707000000-deadbeef");
    expect(missing.code).toBe(4);
    expect(missing.stdout).toBe("");
    expect(JSON.parse(missing.stderr)).toMatchObject({
      code: "task_not_found",
      exit_code: 4,
      error: expect.stringMatching(/not found/i),
    });
    const usage = await cli("show", "--json");
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({
      code: "usage",
      exit_code: 2,
      error: expect.stringMatching(/missing required argument/),
    });
  });

  it("a run that fails says its error_kind and the next step, and its error once", async () => {
    const waited = await cli("run", "--wait", "@fail 401 invalid x-api-key");
    expect(waited.code).toBe(10);
    expect(waited.stderr).toMatch(/^\d+-[0-9a-f]{8} error \[auth\] \(.*1 turn\b.*\): Invalid API key/m);
    expect(waited.stderr).toMatch(/^→ claude is not logged in on the server: run "claude" then \/login in the pod/m);

    const followed = await cli("run", "--follow", "@fail 401 invalid x-api-key");
    expect(followed.code).toBe(10);
    expect(followed.stdout).toMatch(/^✗ run failed: Invalid API key/m);
    expect(`${followed.stdout}${followed.stderr}`.match(/Invalid API key/g)).toHaveLength(1);
    expect(followed.stderr).toMatch(/error \[auth\]/);
  });

  it("killing a finished task is exit 6 with what to do instead", async () => {
    const result = await cli("kill", finishedId);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`claude-tasks show ${finishedId}`);
    expect(result.stderr).toContain(`claude-tasks purge ${finishedId}`);
  });

  it("an idempotent replay does not say it started anything", async () => {
    const key = `habits-${Date.now()}`;
    const first = await cli("run", "--idempotency-key", key, "@reply once");
    expect(first.stderr).toMatch(/started \(running\)/);
    const again = await cli("run", "--idempotency-key", key, "@reply once");
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/nothing new was started/);
    expect(again.stderr).not.toMatch(/started \(/);
  });
});
