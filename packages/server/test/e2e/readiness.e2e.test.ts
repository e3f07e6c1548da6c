/**
 * Readiness tells the truth before a task fails: the real server as root without IS_SANDBOX=1
 * (claude refuses bypassPermissions) and with no credential (claude answers "Not logged in")
 * answers 503 naming each failing check, warns at start-up, and a task started anyway fails
 * with the error_kind that the check predicted. A busy port is one line, not a stack trace.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { claudeBinary, freePort, serverEntry, startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { http } from "../helpers/http.js";

const isRoot = process.getuid?.() === 0;
const NO_CREDENTIAL = { ANTHROPIC_API_KEY: "" };
const started: TestServer[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "cta-readiness-"));
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  rmSync(scratch, { recursive: true, force: true });
});

async function server(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer({ env });
  started.push(s);
  return s;
}

/** Starts a task and waits (long-poll) until it is no longer running. */
async function runToEnd(s: TestServer, prompt: string) {
  const created = await http(s.url, "POST", "/api/claude/tasks", { token: s.token, body: { prompt } });
  expect(created.status).toBe(201);
  for (;;) {
    const task = await http(s.url, "GET", `/api/claude/tasks/${created.json.task_id}?wait=20`, { token: s.token });
    if (task.json.status !== "running" && task.json.status !== "queued") return task.json;
  }
}

describe("a server whose tasks would all fail", () => {
  it("says so on /readyz, naming each failing check, and in its start-up warnings", async () => {
    const s = await server({ IS_SANDBOX: "", ...NO_CREDENTIAL });
    const res = await http(s.url, "GET", "/readyz");
    expect(res.status).toBe(503);
    expect(res.json.status).toBe("not_ready");
    expect(res.json.checks.tmux).toMatch(/^ok \(tmux \d/);
    expect(res.json.checks.claude).toMatch(/^ok \(2\.\d+\.\d+ at \//);
    expect(res.json.checks.credentials).toMatch(/^no credential for claude: set ANTHROPIC_API_KEY/);
    if (isRoot) expect(res.json.checks.permission_mode).toMatch(/refuses .*bypassPermissions.* as root without IS_SANDBOX=1/);
    else expect(res.json.checks.permission_mode).toBe("ok (bypassPermissions)");
    // Start-up runs the same checks just after it starts listening.
    const warnings = (await s.waitForLog("the start-up warnings", (line) => line.msg === "not ready", 2)).map(
      (line) => line.problem,
    );
    expect(warnings).toEqual(
      Object.entries(res.json.checks)
        .filter(([, value]) => !(value as string).startsWith("ok"))
        .map(([name, value]) => `${name}: ${value}`),
    );
  });

  it.runIf(isRoot)("as root without IS_SANDBOX=1, a task really fails: claude refuses to start (cli_failed)", async () => {
    const s = await server({ IS_SANDBOX: "" });
    expect((await http(s.url, "GET", "/readyz")).json.checks).toMatchObject({
      credentials: "ok (ANTHROPIC_API_KEY)",
      permission_mode: expect.stringMatching(/IS_SANDBOX=1/),
    });
    const task = await runToEnd(s, "@reply hello");
    expect(task).toMatchObject({ status: "error", error_kind: "cli_failed" });
    expect(task.runs[0].error_kind).toBe("cli_failed");
    expect(task.recent_output).toContain("cannot be used with root/sudo privileges");
  });

  it("without a credential, a task really fails with Not logged in (auth)", async () => {
    const s = await server(NO_CREDENTIAL);
    const ready = await http(s.url, "GET", "/readyz");
    expect(ready.json.checks.permission_mode).toMatch(/^ok \(bypassPermissions/);
    expect(ready.json.checks.credentials).toMatch(/^no credential/);
    const task = await runToEnd(s, "@reply hello");
    expect(task).toMatchObject({ status: "error", error_kind: "auth" });
    expect(task.result.text).toMatch(/Not logged in/);
  });

  it("is ready with a credential and IS_SANDBOX=1", async () => {
    const s = await server({});
    const res = await http(s.url, "GET", "/readyz");
    expect(res.status).toBe(200);
    expect(res.json.checks).toMatchObject({
      credentials: "ok (ANTHROPIC_API_KEY)",
      permission_mode: expect.stringMatching(/^ok/),
    });
  });
});

describe("start-up on the command line", () => {
  const env = (port: number, extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: scratch,
    HOST: "127.0.0.1",
    PORT: String(port),
    TASKS_DIR: path.join(scratch, `tasks-${port}`),
    WORKDIR_ROOT: scratch,
    TMUX_SOCKET: path.join(scratch, `tmux-${port}.sock`),
    CLAUDE_BIN: claudeBinary(),
    LOG_LEVEL: "error",
    ...extra,
  });

  it("prints a warning line per failing check under the banner", async () => {
    const child: ChildProcess = spawn(process.execPath, [serverEntry], {
      env: env(await freePort()),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (data: Buffer) => {
          out += data.toString();
          // The warnings follow the banner once the checks have run.
          if (out.includes("listening on") && /WARNING.*credentials.*\n/.test(out)) resolve(out);
        });
        child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
      });
      expect(banner).toMatch(/ {2}WARNING: tasks will fail: credentials: no credential for claude/);
      if (isRoot) expect(banner).toMatch(/ {2}WARNING: tasks will fail: permission_mode: claude refuses/);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("says in one line that the port is in use", async () => {
    const s = await server({});
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [serverEntry], { env: env(s.port), encoding: "utf8" }, (error, out, err) =>
        resolve({ code: error ? (error.code as number) : 0, stdout: out, stderr: err }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`claude-task-api: port ${s.port} is in use; set PORT (for example PORT=${s.port + 1})\n`);
  });
});
