/**
 * client.schedules against the REAL server (real tmux, the real claude CLI, the scripted
 * model): define, preview, run now, see the run history by label, pause, resume, delete.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, createClient, NotFoundError, type TaskApiClient } from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

describe("schedules", () => {
  it("defines, runs now, lists the run history by label, pauses, resumes and deletes", async () => {
    const schedule = await client.schedules.create({
      name: "weekday summary",
      cron: "0 6 * * 1-5",
      timezone: "Europe/Berlin",
      task: { prompt: "@reply summary" },
    });
    expect(schedule).toMatchObject({ enabled: true, overlap: "skip", catch_up: "latest", fires: [] });
    expect(schedule.next_runs).toHaveLength(5);
    for (const at of schedule.next_runs) expect([1, 2, 3, 4, 5]).toContain(new Date(at * 1000).getUTCDay());

    const fire = await client.schedules.run(schedule.schedule_id);
    expect(fire).toMatchObject({ outcome: "created", manual: true });
    const done = await client.tasks.wait(fire.task_id as string);
    expect(done.status).toBe("completed");
    const history = await client.tasks.list({ labels: { schedule: schedule.schedule_id } });
    expect(history.tasks.map((t) => t.task_id)).toEqual([fire.task_id]);

    expect((await client.schedules.pause(schedule.schedule_id)).next_runs).toEqual([]);
    expect((await client.schedules.resume(schedule.schedule_id)).next_run_at).toBe(schedule.next_run_at);
    expect((await client.schedules.list()).map((s) => s.schedule_id)).toContain(schedule.schedule_id);
    expect((await client.schedules.get(schedule.schedule_id)).fires).toEqual([fire]);

    const preview = await client.schedules.preview("*/15 * * * *", { timezone: "Asia/Kolkata", count: 3 });
    expect(preview.next_runs).toHaveLength(3);

    await expect(client.schedules.create({ name: "bad", cron: "* * *", task: { prompt: "x" } })).rejects.toMatchObject({
      constructor: BadRequestError,
      code: "invalid_cron",
    });
    expect(await client.schedules.delete(schedule.schedule_id)).toEqual({ schedule_id: schedule.schedule_id, deleted: true });
    await expect(client.schedules.get(schedule.schedule_id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
