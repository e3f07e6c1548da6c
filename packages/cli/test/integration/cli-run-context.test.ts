/**
 * What the CLI takes from where it runs, against the REAL server (real tmux, real claude,
 * scripted model): `run` works in the shell's current directory when the server's WORKDIR_ROOT
 * holds it, `--workdir` is taken from there too, and `token` prints only the token the server in
 * use accepts.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthenticationError, createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, unusedUrl } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
let root: string;
let outside: string;

beforeAll(async () => {
  // These tests read only the workdir the server records when it takes a task. One task holds
  // the only run slot, so the tasks they start wait in the queue and none runs claude (half a
  // second of CPU each).
  server = await startTestServer({ env: { MAX_CONCURRENT_TASKS: "1" } });
  client = createClient({ baseUrl: server.url, token: server.token });
  await client.tasks.create({ prompt: "@sleep 600000\n@reply never" });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
  root = realpathSync(server.workdirRoot);
  mkdirSync(join(root, "app", "src"), { recursive: true });
  mkdirSync(join(root, "other"), { recursive: true });
  outside = mkdtempSync(join(tmpdir(), "cli-outside-root-"));
});
afterAll(async () => {
  if (outside) rmSync(outside, { recursive: true, force: true });
  await server?.stop();
});

/** Starts a task from `cwd` and returns the workdir the server recorded (or the failed result). */
async function runFrom(cwd: string, ...flags: string[]) {
  const result = await runInProcess(["run", ...flags, "@reply ok"], { env, cwd });
  if (result.code !== 0) return { result, workdir: undefined };
  const task = await client.tasks.get(result.stdout.trim());
  return { result, workdir: task.workdir };
}

describe("run's workdir", () => {
  it("is the current directory when it lies inside WORKDIR_ROOT", async () => {
    expect(await client.serverInfo()).toEqual({ workdir_root: root, default_workdir: root });
    // Paths of the server's disk are for token holders only.
    await expect(createClient({ baseUrl: server.url, token: "wrong" }).serverInfo()).rejects.toBeInstanceOf(AuthenticationError);
    expect((await runFrom(join(root, "app", "src"))).workdir).toBe(join(root, "app", "src"));
  });

  it("--workdir . and relative paths are taken from the current directory", async () => {
    expect((await runFrom(join(root, "app"), "--workdir", ".")).workdir).toBe(join(root, "app"));
    expect((await runFrom(join(root, "app", "src"), "--workdir", "../../other")).workdir).toBe(join(root, "other"));
  });

  it("outside the root, --workdir is refused in one line and nothing starts", async () => {
    const before = (await client.tasks.list()).tasks.length;
    const { result } = await runFrom(outside, "--workdir", ".");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`error: --workdir . is ${outside}, outside the server's WORKDIR_ROOT ${root}\n`);
    const above = await runFrom(root, "-w", "..");
    expect(above.result.code).toBe(2);
    expect(above.result.stderr).toMatch(/outside the server's WORKDIR_ROOT/);
    expect((await client.tasks.list()).tasks.length).toBe(before);
  });

  it("without --workdir outside the root, the server's default is used and the CLI says so", async () => {
    const { result, workdir } = await runFrom(outside);
    expect(result.code).toBe(0);
    expect(workdir).toBe(root); // the test server's DEFAULT_WORKDIR
    expect(result.stderr).toContain(
      `the current directory is outside the server's WORKDIR_ROOT ${root}: running in its default ${root}`,
    );
  });

  it("from a shell outside the root, a plain relative --workdir is still taken from WORKDIR_ROOT", async () => {
    expect((await runFrom(outside, "--workdir", "app")).workdir).toBe(join(root, "app"));
  });

  it("an absolute --workdir goes to the server as given, which still confines it", async () => {
    expect((await runFrom(outside, "--workdir", join(root, "other"))).workdir).toBe(join(root, "other"));
    const { result } = await runFrom(root, "--workdir", outside);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: rejected by the server: workdir must be inside /);
  });
});

describe("token", () => {
  it("prints the token file's token when the server in use accepts it", async () => {
    const printed = await runInProcess(["token"], { env: { TASKS_DIR: server.tasksDir, CLAUDE_TASKS_URL: server.url } });
    expect(printed).toEqual({ code: 0, stdout: `${server.token}\n`, stderr: "" });
  });

  it("never prints another server's token: one whose token file this is not", async () => {
    const otherTasksDir = mkdtempSync(join(tmpdir(), "cli-other-server-"));
    try {
      writeFileSync(join(otherTasksDir, ".api-token"), "token-of-another-server\n");
      const refused = await runInProcess(["token"], { env: { TASKS_DIR: otherTasksDir, CLAUDE_TASKS_URL: server.url } });
      expect(refused.code).toBe(3);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toBe(
        `error: ${server.url} does not accept the token in ${join(otherTasksDir, ".api-token")}: it is another server's token\n`,
      );
    } finally {
      rmSync(otherTasksDir, { recursive: true, force: true });
    }
  });

  it("says it cannot know when the server in use does not answer", async () => {
    const url = await unusedUrl();
    const unknown = await runInProcess(["token"], { env: { TASKS_DIR: server.tasksDir, CLAUDE_TASKS_URL: url } });
    expect(unknown.code).toBe(5);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(new RegExp(`^error: cannot reach ${url} to check that the token in .* is its own`));
    expect(unknown.stderr).not.toContain(server.token);
  });
});
