/**
 * Follow-ups queued behind a run, while clients keep reading the task (each read reconciles
 * it, as the background monitor does). Every follow-up must run; none may be declared
 * "never started". Found by the kill -9 suite: the monitor's sweep lists tmux sessions once,
 * then waits for each task's lock; if a read finished the run and launched the next one in the
 * meantime, the stale list lacks the new session and the new run is failed (its spec deleted)
 * before its wrapper could start.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api, isFinal } from "../../src/api.js";
import { auditTasks } from "../../src/task-audit.js";

let server: TestServer;
let t: Api;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "warn" } });
  t = api(server);
});
afterAll(() => server?.stop());

describe("queued follow-ups under concurrent reads", () => {
  it("every follow-up runs to completion, once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await t.create({ prompt: `@sleep ${200 + i * 37}\n@reply first-${i}` });
      expect(created.status).toBe(201);
      ids.push(created.json.task_id);
      for (let k = 0; k < 3; k++) expect((await t.message(created.json.task_id, `@reply ${i}-followup-${k}`)).status).toBe(200);
    }
    // Read every task as fast as possible until all are done: reads and the monitor race.
    const finished = new Set<string>();
    const deadline = Date.now() + 90_000;
    while (finished.size < ids.length && Date.now() < deadline) {
      await Promise.all(
        ids.map(async (id) => {
          const res = await t.get(id);
          if (isFinal(res.json.status)) finished.add(id);
        }),
      );
    }
    const runs = auditTasks(server.tasksDir).tasks.flatMap((a) =>
      a.task.runs.map(
        (r, i) => `${r.prompt.split("\n").at(-1)}: ${r.state}${r.error ? ` (${r.error})` : ""} [${a.resultsByRun[i]}]`,
      ),
    );
    const expected = ids.flatMap((_, i) => [
      `@reply first-${i}: completed [first-${i}]`,
      ...[0, 1, 2].map((k) => `@reply ${i}-followup-${k}: completed [${i}-followup-${k}]`),
    ]);
    expect(runs.sort()).toEqual(expected.sort());
  });
});
