/**
 * Schedules survive the server: a kill -9 across fire times neither doubles nor loses a fire,
 * and downtime is caught up with one task (`latest`) or none (`none`), never a burst.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";
import { scheduleApi } from "../helpers/schedules.js";

let server: TestServer;
let s: ReturnType<typeof scheduleApi>;

beforeAll(async () => {
  // One slot, held by one run for the whole file (it outlives every restart, as runs do): the
  // tasks the schedules create wait in the queue. These tests are about the fires, not about
  // running what they create, which would be a claude run every two seconds.
  server = await startTestServer({ env: { MAX_CONCURRENT_TASKS: "1" } });
  s = scheduleApi(server);
  const holder = await api(server).create({ prompt: "@sleep 600000\n@reply held" });
  expect(holder.json.status).toBe("running");
});
afterAll(() => server?.stop());

/** Waits until the wall clock has passed `unixSeconds` (the fact a downtime test needs). */
const clockPassed = (what: string, unixSeconds: number) =>
  waitFor(what, async () => (Date.now() / 1000 > unixSeconds ? true : undefined), 20_000);

describe("schedules across restarts", () => {
  it("kill -9 across fire times: every fire time taken at most once, the missed ones caught up in one task", async () => {
    const id = (await s.create({ name: "crashy", cron: "*/2 * * * * *", overlap: "allow", task: { prompt: "@reply crash" } }))
      .json.schedule_id;
    await s.fires(id, "created before the crash", (f) => f.outcome === "created");
    await server.kill9();
    const killedAt = Date.now() / 1000;
    // Down across at least two fire times.
    await clockPassed("two fire times to pass while the server is down", Math.floor(killedAt / 2) * 2 + 4.2);
    await server.restart();
    const [caught] = await s.fires(id, "caught up after the restart", (f) => f.caught_up === true);
    expect(caught).toMatchObject({ outcome: "created" });
    expect(caught.missed).toBeGreaterThanOrEqual(2);
    // The fire time at the kill, or one after it (a fire due as the server died is missed, not lost).
    expect(caught.scheduled_for).toBeGreaterThan(killedAt - 2);
    // Then the clock goes on normally.
    await s.fires(id, "on time after the restart", (f) => f.scheduled_for > caught.scheduled_for && !f.caught_up);
    await s.patch(id, { enabled: false }); // takes the schedule's lock: a fire in flight has been recorded
    const { fires } = await s.get(id);
    const times = fires.map((f: { scheduled_for: number }) => f.scheduled_for);
    expect(new Set(times).size).toBe(times.length);
    // The downtime's fire times are caught up by one fire, the one after the restart. (A server
    // that stalls for a whole period later, as one can on a busy machine, catches up again
    // then, for later fire times: that is the clock doing its job, not the restart.)
    const caughtUps = fires.filter((f: { caught_up?: boolean }) => f.caught_up);
    expect(caughtUps[0], JSON.stringify(fires)).toEqual(caught);
    expect(
      caughtUps.filter((f: { scheduled_for: number }) => f.scheduled_for <= caught.scheduled_for),
      JSON.stringify(fires),
    ).toHaveLength(1);
    // No loss: every fire time from the first to the caught-up one was fired or counted as missed, once.
    const before = fires.filter((f: { scheduled_for: number }) => f.scheduled_for < caught.scheduled_for);
    expect(before.length + caught.missed).toBe((caught.scheduled_for - fires[0].scheduled_for) / 2 + 1);
    // Each created fire is exactly one task with the label, and no task exists without its fire.
    const created = fires.filter((f: { outcome: string }) => f.outcome === "created").map((f: { task_id: string }) => f.task_id);
    const tasks = (await s.tasks(id)).map((task: { task_id: string }) => task.task_id);
    expect(new Set(tasks)).toEqual(new Set(created));
    expect(tasks).toHaveLength(created.length);
    await s.remove(id);
  });

  it("after a shutdown, catch_up latest creates one task for the missed times and none creates nothing", async () => {
    const never = "0 0 1 1 *";
    const latest = (await s.create({ name: "latest", cron: "*/2 * * * * *", task: { prompt: "@reply late" } })).json.schedule_id;
    const none = (await s.create({ name: "none", cron: "*/2 * * * * *", catch_up: "none", task: { prompt: "@reply skip" } })).json
      .schedule_id;
    // Pause both first so that the downtime is the only reason for missed fires, then resume just
    // before stopping: no fire is due yet, so everything missed falls in the downtime.
    for (const id of [latest, none]) await s.patch(id, { enabled: false, cron: never });
    for (const id of [latest, none]) await s.patch(id, { enabled: true, cron: "*/2 * * * * *" });
    await server.shutdown();
    const stoppedAt = Date.now() / 1000;
    await clockPassed("three fire times to pass while the server is down", Math.floor(stoppedAt / 2) * 2 + 6.2);
    await server.restart();
    const restartedAt = Date.now() / 1000;
    // Start-up handles missed fires before the server answers: the record is there at once.
    const caught = (await s.get(latest)).fires.filter((f: { caught_up?: boolean }) => f.caught_up);
    expect(caught).toHaveLength(1);
    expect(caught[0].missed).toBeGreaterThanOrEqual(3);
    expect(caught[0].scheduled_for).toBeLessThan(restartedAt);
    const skipped = await s.get(none);
    expect(skipped.fires.filter((f: { scheduled_for: number }) => f.scheduled_for < restartedAt)).toEqual(
      skipped.fires.filter((f: { scheduled_for: number }) => f.scheduled_for < stoppedAt),
    );
    expect(skipped.next_run_at).toBeGreaterThan(restartedAt - 1);
    await s.remove(latest);
    await s.remove(none);
  });

  it("with SCHEDULES_ENABLED=false the clock fires nothing, and run now still works", async () => {
    await server.restart({ SCHEDULES_ENABLED: "false" });
    const id = (await s.create({ name: "held", cron: "* * * * * *", task: { prompt: "@reply held" } })).json.schedule_id;
    const createdAt = Date.now() / 1000;
    await clockPassed("two fire times to pass", createdAt + 2.2);
    expect((await s.get(id)).fires).toEqual([]);
    expect((await s.run(id)).json).toMatchObject({ outcome: "created", manual: true });
    await server.restart({ SCHEDULES_ENABLED: "" });
    await s.fires(id, "from the clock once firing is back", (f) => !f.manual);
    await s.remove(id);
  });
});
