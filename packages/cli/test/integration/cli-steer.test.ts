/**
 * `steer` and `interrupt` as a subprocess against the REAL server (real tmux, the real claude
 * CLI, the scripted model): where the message went, and one clear line with a non-zero exit
 * when nothing runs.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, it } from "vitest";
import { runBinary } from "../support/run-binary.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token, NO_COLOR: "1" };
});
afterAll(() => server?.stop());

const heldTurn = (name: string, reply: string) =>
  `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.05; done\n@reply ${reply}`;
const started = (name: string) =>
  waitFor(`turn ${name} to start`, async () => existsSync(path.join(server.workdirRoot, `${name}.started`)) || undefined);

describe.concurrent("steer and interrupt", () => {
  it("steer sends into the run in progress; interrupt ends it; both refuse a finished task", async ({ expect }) => {
    const task = await client.tasks.create({ prompt: heldTurn("cli-steer", "first") });
    await started("cli-steer");
    const steered = await cli("steer", task.task_id, "@sleep 60000\n@reply never");
    expect(steered.code).toBe(0);
    expect(steered.stdout).toBe(`${task.task_id} steer sent into the run in progress\n`);
    writeFileSync(path.join(server.workdirRoot, "cli-steer.gate"), "");
    await waitFor(
      "the steer to be taken",
      async () => (await client.tasks.output(task.task_id)).includes('"type":"steer"') || undefined,
    );
    const interrupted = await cli("interrupt", "--json", task.task_id);
    expect(interrupted.code).toBe(0);
    expect(JSON.parse(interrupted.stdout)).toMatchObject({ task_id: task.task_id, delivered: "live", run: 0 });
    const done = await client.tasks.wait(task.task_id);
    expect(done).toMatchObject({ status: "killed", error_kind: "interrupted" });
    // The transcript shows the steer where Claude took it, and the interrupt.
    const logs = await cli("logs", task.task_id);
    expect(logs.stdout).toContain("» steered: @sleep 60000");
    expect(logs.stdout).toContain("■ interrupt: the current turn stops");

    const late = await cli("steer", task.task_id, "@reply late");
    expect(late.code).not.toBe(0);
    expect(late.stderr.trim().split("\n")).toHaveLength(1);
    expect(late.stderr).toContain("no run in progress");
    expect((await cli("interrupt", task.task_id, "")).code).not.toBe(0);
  });

  it("interrupt with a prompt goes on in the same run", async ({ expect }) => {
    const task = await client.tasks.create({ prompt: heldTurn("cli-int", "never said") });
    await started("cli-int");
    const result = await cli("interrupt", task.task_id, "@reply redirected by the CLI");
    expect(result.code).toBe(0);
    const done = await client.tasks.wait(task.task_id);
    expect(done.status).toBe("completed");
    expect(done.result?.text).toBe("redirected by the CLI");
  });
});
