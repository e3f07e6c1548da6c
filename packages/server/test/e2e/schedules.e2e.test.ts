/**
 * Schedules against the real server, the real claude CLI and tmux: fires create labelled
 * tasks and history, overlap, pause and resume, run now, bad definitions, refused fires.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { api } from "../helpers/api.js";
import { http, waitFor } from "../helpers/http.js";
import { scheduleApi } from "../helpers/schedules.js";

let server: TestServer;
let s: ReturnType<typeof scheduleApi>;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  s = scheduleApi(server);
  t = api(server);
});
afterAll(() => server?.stop());

const EVERY_2S = "*/2 * * * * *";
const EVERY_1S = "* * * * * *";
const NEVER_SOON = "0 0 1 1 *";

describe("schedules", () => {
  it("a 6-field schedule fires every two seconds: tasks labelled schedule=<id>, history recorded", async () => {
    const created = await s.create({ name: "ticks", cron: EVERY_2S, task: { prompt: "@reply tick", labels: { team: "a" } } });
    expect(created.status).toBe(201);
    const id = created.json.schedule_id;
    expect(id).toMatch(/^sch-[0-9a-f]{16}$/);
    expect(created.json).toMatchObject({ timezone: "UTC", overlap: "skip", catch_up: "latest", enabled: true, fires: [] });
    expect(created.json.next_run_at % 2).toBe(0);
    expect(created.json.next_runs).toHaveLength(5);

    const fires = await s.fires(id, "created", (f) => f.outcome === "created", 2);
    const tasks = await s.tasks(id);
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    for (const task of tasks) expect(task.labels).toEqual({ team: "a", schedule: id });
    for (const fire of fires) {
      expect(fire.scheduled_for % 2).toBe(0);
      expect(fire.fired_at).toBeGreaterThanOrEqual(fire.scheduled_for);
      expect(tasks.map((task: { task_id: string }) => task.task_id)).toContain(fire.task_id);
    }
    expect(new Set(fires.map((f) => f.scheduled_for)).size).toBe(fires.length);
    const done = await t.finished(fires[0].task_id);
    expect(done.status).toBe("completed");

    const listed = (await s.call("GET", "/api/claude/schedules")).json.schedules;
    expect(listed.map((x: { schedule_id: string }) => x.schedule_id)).toContain(id);
    expect((await s.remove(id)).json).toEqual({ schedule_id: id, deleted: true });
    expect((await s.call("GET", `/api/claude/schedules/${id}`)).status).toBe(404);
    // Its tasks stay.
    expect((await t.get(fires[0].task_id)).status).toBe(200);
  });

  it("pause stops the fires, resume starts again from now without catching up", async () => {
    const id = (await s.create({ name: "pausable", cron: EVERY_1S, overlap: "allow", task: { prompt: "@reply p" } })).json
      .schedule_id;
    // Removed however the test ends: left behind, an every-second schedule fills the server.
    onTestFinished(async () => {
      await s.remove(id);
    });
    await s.fires(id, "created", (f) => f.outcome === "created");
    const paused = await s.patch(id, { enabled: false });
    expect(paused.status).toBe(200);
    expect(paused.json.enabled).toBe(false);
    expect(paused.json.next_runs).toEqual([]);
    expect(paused.json.next_run_at).toBeUndefined();
    const firesWhenPaused = (await s.get(id)).fires.length;
    const pausedAt = Date.now() / 1000;
    // A witness on the same clock: its fire times show that over a second of them passed. Its
    // workdir goes at once, so its fires are refused (recorded as failed) and run no claude.
    const witnessDir = path.join(server.workdirRoot, "witness");
    mkdirSync(witnessDir);
    const witness = (
      await s.create({ name: "witness", cron: EVERY_1S, overlap: "allow", task: { prompt: "@reply w", workdir: witnessDir } })
    ).json.schedule_id;
    rmSync(witnessDir, { recursive: true });
    onTestFinished(async () => {
      await s.remove(witness);
    });
    await s.fires(witness, "after the pause", (f) => f.scheduled_for > pausedAt + 1, 1);
    expect((await s.get(id)).fires.length).toBe(firesWhenPaused);

    const resumedAt = Date.now() / 1000;
    expect((await s.patch(id, { enabled: true })).json.next_run_at).toBeGreaterThan(resumedAt - 1);
    const after = await s.fires(id, "after resuming", (f) => f.fired_at >= resumedAt);
    expect(after[0]).toMatchObject({ outcome: "created" });
    // No fire time of the pause is taken. (On a loaded machine a timer can wake over a second
    // late and catch up on the fire times since the resume, one task for them all: that is the
    // clock's rule, not the pause's. The times a fire covers end at scheduled_for, one a second.)
    const firstCovered = after[0].scheduled_for - (after[0].missed ?? 1) + 1;
    expect(firstCovered).toBeGreaterThanOrEqual(Math.floor(resumedAt));
  });

  it("overlap skip: a fire while the previous task runs is recorded as skipped, and no second task starts", async () => {
    const id = (await s.create({ name: "long", cron: EVERY_1S, task: { prompt: "@sleep 8000\n@reply long" } })).json.schedule_id;
    const [skipped] = await s.fires(id, "skipped_overlap", (f) => f.outcome === "skipped_overlap");
    expect(skipped.reason).toMatch(/still running/);
    await s.patch(id, { enabled: false });
    const tasks = await s.tasks(id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].status).toBe("running");
    await t.kill(tasks[0].task_id);
    await s.remove(id);
  });

  it("overlap queue: the fire waits for the running task and starts once it finishes", async () => {
    const id = (await s.create({ name: "queued", cron: NEVER_SOON, overlap: "queue", task: { prompt: "@sleep 1500\n@reply q" } }))
      .json.schedule_id;
    const first = (await s.run(id)).json;
    expect(first.outcome).toBe("created");
    const second = (await s.run(id)).json;
    expect(second.outcome).toBe("queued");
    expect((await s.get(id)).queued_fire.scheduled_for).toBe(second.scheduled_for);
    expect((await s.run(id)).json.outcome).toBe("skipped_overlap"); // one waits at most
    const [started] = await s.fires(id, "the queued one created", (f) => f.outcome === "created" && f.task_id !== first.task_id);
    const firstDone = await t.finished(first.task_id);
    const secondTask = (await t.get(started.task_id)).json;
    expect(secondTask.created_at).toBeGreaterThanOrEqual(firstDone.finished_at);
    expect((await s.get(id)).queued_fire).toBeUndefined();
    await t.finished(started.task_id);
    await s.remove(id);
  });

  it("run now fires at once, also while paused, and the history says so", async () => {
    const id = (await s.create({ name: "manual", cron: NEVER_SOON, enabled: false, task: { prompt: "@reply now" } })).json
      .schedule_id;
    const ran = await s.run(id);
    expect(ran.status).toBe(200);
    expect(ran.json).toMatchObject({ outcome: "created", manual: true });
    const task = await t.finished(ran.json.task_id);
    expect(task.labels).toEqual({ schedule: id });
    expect((await s.get(id)).fires).toEqual([ran.json]);
    expect((await s.run("sch-0000000000000000")).status).toBe(404);
    await s.remove(id);
  });

  it("a fire the policy refuses is recorded as failed with the reason, and the schedule goes on", async () => {
    const dir = path.join(server.workdirRoot, "vanishing");
    mkdirSync(dir);
    const id = (await s.create({ name: "doomed", cron: EVERY_1S, task: { prompt: "@reply x", workdir: dir } })).json.schedule_id;
    rmSync(dir, { recursive: true });
    const failed = await s.fires(id, "failed by the clock", (f) => f.outcome === "failed" && !f.manual, 2);
    expect(failed[0].reason).toMatch(/workdir/);
    expect(failed[0].task_id).toBeUndefined();
    expect((await s.get(id)).enabled).toBe(true);
    expect(await s.tasks(id)).toEqual([]);
    await s.remove(id);
  });

  it("bad expressions, zones and task options are 400s naming the problem; nothing is stored", async () => {
    const task = { prompt: "@reply x" };
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: "n", cron: "61 * * * *", task }, "invalid_cron", /minute/],
      [{ name: "n", cron: "* * *", task }, "invalid_cron", /5 fields/],
      [{ name: "n", cron: "@every 5s", task }, "invalid_cron", /@hourly/],
      [{ name: "n", cron: "* * * * * * 2030", task }, "invalid_cron", /6 \(seconds first\)/],
      [{ name: "n", cron: EVERY_2S, timezone: "Mars/Olympus_Mons", task }, "invalid_timezone", /Mars\/Olympus_Mons/],
      [{ name: "n", cron: EVERY_2S, timezone: "+02:00", task }, "invalid_timezone", /IANA/],
      [{ name: "n", cron: EVERY_2S, task: { prompt: "x", workdir: "/etc" } }, "invalid_workdir", /must be inside/],
      [
        { name: "n", cron: EVERY_2S, task: { prompt: "x", approvals: true, permission_mode: "bypassPermissions" } },
        "validation_failed",
        /approvals/,
      ],
      [{ name: "n", cron: EVERY_2S, task: { prompt: "   " } }, "validation_failed", /prompt/],
      [{ name: "n", cron: EVERY_2S, task: { prompt: "x", labels: { schedule: "mine" } } }, "validation_failed", /schedule/],
      [{ name: "n", cron: EVERY_2S, task: { prompt: "x", bogus: 1 } }, "validation_failed", /bogus/],
      [{ name: "n", cron: EVERY_2S, overlap: "sometimes", task }, "validation_failed", /overlap/],
    ];
    for (const [body, code, message] of cases) {
      const res = await s.create(body);
      expect({ body, status: res.status, code: res.json?.code }).toEqual({ body, status: 400, code });
      expect(res.json.error).toMatch(message);
    }
    expect((await s.call("GET", "/api/claude/schedules")).json.schedules.filter((x: { name: string }) => x.name === "n")).toEqual(
      [],
    );
    const id = (await s.create({ name: "ok", cron: NEVER_SOON, task })).json.schedule_id;
    const bad = await s.patch(id, { timezone: "Nowhere/Land" });
    expect([bad.status, bad.json.code]).toEqual([400, "invalid_timezone"]);
    expect((await s.get(id)).timezone).toBe("UTC");
    expect((await s.call("GET", "/api/claude/schedules/not-an-id")).status).toBe(400);
    await s.remove(id);
  });

  it("every schedule operation needs the bearer token; a wrong one changes nothing", async () => {
    const id = (await s.create({ name: "guarded", cron: NEVER_SOON, task: { prompt: "@reply g" } })).json.schedule_id;
    for (const [method, path] of [
      ["GET", "/api/claude/schedules"],
      ["POST", "/api/claude/schedules"],
      ["GET", `/api/claude/schedules/${id}`],
      ["PATCH", `/api/claude/schedules/${id}`],
      ["DELETE", `/api/claude/schedules/${id}`],
      ["POST", `/api/claude/schedules/${id}/run`],
      ["GET", "/api/claude/schedules/preview?cron=*+*+*+*+*"],
    ]) {
      const res = await http(server.url, method as string, path as string, {
        token: "wrong-token",
        ...(method !== "GET" && { body: {} }),
      });
      expect({ method, path, status: res.status, code: res.json?.code }).toEqual({
        method,
        path,
        status: 401,
        code: "unauthorized",
      });
    }
    expect((await s.get(id)).fires).toEqual([]);
    await s.remove(id);
  });

  it("previews fire times across a daylight-saving change; metrics count fires and their delay", async () => {
    const preview = await s.call(
      "GET",
      `/api/claude/schedules/preview?cron=${encodeURIComponent("30 2 * * *")}&timezone=Europe/Berlin&count=3`,
    );
    expect(preview.status).toBe(200);
    expect(preview.json.next_runs).toHaveLength(3);
    for (const at of preview.json.next_runs) expect([0, 30].includes(new Date(at * 1000).getUTCMinutes())).toBe(true);
    const badPreview = await s.call("GET", "/api/claude/schedules/preview?cron=nope");
    expect([badPreview.status, badPreview.json.code]).toEqual([400, "invalid_cron"]);
    const metrics = (await s.call("GET", "/api/claude/metrics")).text;
    const created = Number(/claude_task_schedule_fires_total\{outcome="created"\} (\d+)/.exec(metrics)?.[1]);
    expect(created).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/claude_task_schedule_fires_total\{outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/claude_task_schedule_fire_delay_seconds_count [1-9]/);
    await waitFor(
      "nothing left running",
      async () =>
        (await t.list()).json.tasks.every((x: { status: string }) => x.status !== "running" && x.status !== "queued") ||
        undefined,
    );
  });
});
