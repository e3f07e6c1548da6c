/**
 * Steer and interrupt through the SDK against the REAL server (real tmux, the real claude CLI,
 * the scripted model): typed answers, and a ConflictError once nothing runs.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ConflictError, createClient, type TaskApiClient } from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

/** A first turn that waits (in a Bash tool use) until the test opens its gate. */
const heldTurn = (name: string, reply: string) =>
  `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.05; done\n@reply ${reply}`;
const started = (name: string) =>
  waitFor(`turn ${name} to start`, async () => existsSync(path.join(server.workdirRoot, `${name}.started`)) || undefined);

describe.concurrent("steer and interrupt", () => {
  it("steers the run in progress, then refuses once the task finished", async ({ expect }) => {
    const task = await client.tasks.create({ prompt: heldTurn("sdk-steer", "first") });
    await started("sdk-steer");
    const accepted = await client.tasks.steer(task.task_id, "@reply steered from the SDK");
    expect(accepted).toMatchObject({ task_id: task.task_id, delivered: "live", run: 0 });
    writeFileSync(path.join(server.workdirRoot, "sdk-steer.gate"), "");
    const done = await client.tasks.wait(task.task_id);
    expect(done.result?.text).toBe("steered from the SDK");
    expect(done.runs[0]?.steers?.[0]).toMatchObject({ steer_id: accepted.steer_id, delivered: "live" });
    await expect(client.tasks.steer(task.task_id, "@reply late")).rejects.toBeInstanceOf(ConflictError);
  });

  it("interrupts with a prompt, and without one ends the run interrupted", async ({ expect }) => {
    const task = await client.tasks.create({ prompt: heldTurn("sdk-int", "never") });
    await started("sdk-int");
    await client.tasks.interrupt(task.task_id, { prompt: "@sleep 60000\n@reply never either" });
    await waitFor(
      "the redirected turn",
      async () => (await client.tasks.output(task.task_id)).includes('"type":"steer"') || undefined,
    );
    const accepted = await client.tasks.interrupt(task.task_id);
    expect(accepted.delivered).toBe("live");
    const done = await client.tasks.wait(task.task_id);
    expect(done).toMatchObject({ status: "killed", error_kind: "interrupted" });
    expect(done.runs.map((r) => r.state)).toEqual(["interrupted"]);
  });
});
