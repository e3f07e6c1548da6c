/** MAX_CONCURRENT_TASKS: tasks over the limit wait in FIFO order, also across a restart. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_CONCURRENT_TASKS: "1" } });
  t = api(server);
});
afterAll(() => server?.stop());

const startedAt = async (id: string) => (await t.get(id)).json.runs[0].started_at as number;
const finishedAt = async (id: string) => (await t.get(id)).json.runs[0].finished_at as number;

describe("the queue", () => {
  it("queues tasks over the limit with their position and runs them in order", async () => {
    const a = (await t.create({ prompt: "@sleep 1500\n@reply a" })).json;
    const b = (await t.create({ prompt: "@reply b" })).json;
    const c = (await t.create({ prompt: "@reply c" })).json;
    expect(a.status).toBe("running");
    expect(b).toMatchObject({ status: "queued", queue_position: 1 });
    expect(c).toMatchObject({ status: "queued", queue_position: 2 });
    const queued = (await t.call("GET", "/api/claude/tasks?status=queued")).json.tasks;
    expect(queued.map((x: { task_id: string }) => x.task_id).sort()).toEqual([b.task_id, c.task_id].sort());

    for (const x of [a, b, c]) {
      const done = await t.finished(x.task_id);
      expect(done.status, `${done.error} ${done.recent_output.slice(-600)}`).toBe("completed");
    }
    expect(await startedAt(b.task_id)).toBeGreaterThanOrEqual(await finishedAt(a.task_id));
    expect(await startedAt(c.task_id)).toBeGreaterThanOrEqual(await finishedAt(b.task_id));
  });

  it("killing a queued task takes it out of the queue", async () => {
    const a = (await t.create({ prompt: "@sleep 1500\n@reply a" })).json;
    const b = (await t.create({ prompt: "@reply b" })).json;
    const c = (await t.create({ prompt: "@reply c" })).json;
    const killed = await t.kill(b.task_id);
    expect(killed.status).toBe(200);
    expect((await t.get(c.task_id)).json.queue_position).toBe(1);
    const cDone = await t.finished(c.task_id);
    expect(cDone.status, `${cDone.error} ${JSON.stringify(cDone.runs)}`).toBe("completed");
    const bAfter = (await t.get(b.task_id)).json;
    expect(bAfter.status).toBe("killed");
    expect(bAfter.runs[0].started_at).toBeUndefined();
    await t.finished(a.task_id);
  });

  it("a follow-up to a finished task waits for a slot too", async () => {
    const a = (await t.create({ prompt: "@reply first" })).json;
    await t.finished(a.task_id);
    const busy = (await t.create({ prompt: "@sleep 1500\n@reply busy" })).json;
    const sent = await t.message(a.task_id, "@reply later");
    expect(sent.json.status).toBe("queued");
    expect((await t.finished(a.task_id)).status).toBe("completed");
    expect((await t.get(a.task_id)).json.runs[1].started_at).toBeGreaterThanOrEqual(await finishedAt(busy.task_id));
  });

  it("the queue survives a server restart", async () => {
    const a = (await t.create({ prompt: "@sleep 2000\n@reply a" })).json;
    const b = (await t.create({ prompt: "@reply b after restart" })).json;
    expect(b.status).toBe("queued");
    await server.kill9();
    await server.restart();
    expect((await t.get(b.task_id)).json.status).toMatch(/queued|running|completed/);
    expect((await t.finished(b.task_id)).status).toBe("completed");
    expect(await startedAt(b.task_id)).toBeGreaterThanOrEqual(await finishedAt(a.task_id));
  });
});
