/**
 * A fire over the real task domain, at the moments a crash can cut it: the fire time is taken
 * once, and a claim written before a crash yields its task exactly once afterwards.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScheduleFirer, taskInput } from "../../../src/schedules/schedule-firer.js";
import { type FireRecord, fireKey, type ScheduleRecord } from "../../../src/schedules/schedule-model.js";
import { ScheduleStore } from "../../../src/schedules/schedule-store.js";
import { silentLogger } from "../../../src/util/logger.js";
import { type Domain, startDomain } from "../tasks/harness.js";

let domain: Domain;
let dir: string;
let observed: FireRecord[];

beforeEach(async () => {
  domain = await startDomain();
  dir = path.join(domain.root, "tasks", ".schedules");
  observed = [];
});
afterEach(async () => {
  for (const task of scheduleTasks()) await domain.finished(task.task_id);
  await domain.stop();
});

/** A store and firer as a freshly started server has them (the files read from disk). */
async function boot() {
  const store = new ScheduleStore(dir, silentLogger);
  await store.load();
  return { store, firer: new ScheduleFirer(store, domain.tasks, (fire) => observed.push(fire), silentLogger) };
}

const schedule = (overrides: Partial<ScheduleRecord> = {}): ScheduleRecord => ({
  schedule_id: "sch-00000000000000aa",
  name: "nightly",
  cron: "0 3 * * *",
  timezone: "UTC",
  task: { prompt: "done", labels: { team: "ops" } },
  overlap: "allow",
  catch_up: "latest",
  enabled: true,
  created_at: 1_700_000_000,
  updated_at: 1_700_000_000,
  taken_until: 1_700_000_000,
  fires: [],
  ...overrides,
});

const scheduleTasks = () => domain.tasks.list({ labels: { schedule: "sch-00000000000000aa" } }).tasks;
const T = 1_700_010_800;

describe("a fire and the crashes around it", () => {
  it("takes a fire time once: the same time again, even concurrently, creates nothing more", async () => {
    const { store, firer } = await boot();
    await store.save(schedule());
    const [a, b] = await Promise.all([
      firer.fire("sch-00000000000000aa", { scheduled_for: T, fired_at: T }),
      firer.fire("sch-00000000000000aa", { scheduled_for: T, fired_at: T }),
    ]);
    expect([a?.outcome, b]).toEqual(["created", undefined]);
    expect(await firer.fire("sch-00000000000000aa", { scheduled_for: T - 60, fired_at: T })).toBeUndefined();
    expect(scheduleTasks()).toHaveLength(1);
    expect(scheduleTasks()[0]?.labels).toEqual({ team: "ops", schedule: "sch-00000000000000aa" });
    const reread = (await boot()).store.get("sch-00000000000000aa");
    expect(reread).toMatchObject({ taken_until: T, fires: [{ outcome: "created", scheduled_for: T }] });
    expect(reread?.pending).toBeUndefined();
  });

  it("a clock fire that waited for the lock while the schedule was paused does nothing; run now still fires", async () => {
    const { store, firer } = await boot();
    await store.save(schedule({ enabled: false }));
    expect(await firer.fire("sch-00000000000000aa", { scheduled_for: T, fired_at: T })).toBeUndefined();
    expect(store.get("sch-00000000000000aa")).toMatchObject({ taken_until: 1_700_000_000, fires: [] });
    expect((await firer.fire("sch-00000000000000aa", { scheduled_for: T, fired_at: T, manual: true }))?.outcome).toBe("created");
  });

  it("killed after the claim and before the task: the next start creates it, once", async () => {
    const claim = { scheduled_for: T, fired_at: T };
    await (await boot()).store.save(schedule({ taken_until: T, pending: claim }));
    const first = await boot();
    await first.firer.recover("sch-00000000000000aa");
    await first.firer.recover("sch-00000000000000aa");
    expect(scheduleTasks()).toHaveLength(1);
    const second = await boot();
    await second.firer.recover("sch-00000000000000aa");
    expect(scheduleTasks()).toHaveLength(1);
    expect(second.store.get("sch-00000000000000aa")?.fires).toEqual([
      { ...claim, outcome: "created", task_id: scheduleTasks()[0]?.task_id },
    ]);
  });

  it("killed after the task and before its record: the next start records that same task", async () => {
    const claim = { scheduled_for: T, fired_at: T };
    const crashed = schedule({ taken_until: T, pending: claim });
    const { store } = await boot();
    await store.save(crashed);
    const { task } = await domain.tasks.create(taskInput(crashed), fireKey(crashed.schedule_id, claim));
    const restarted = await boot();
    await restarted.firer.recover("sch-00000000000000aa");
    expect(scheduleTasks().map((t) => t.task_id)).toEqual([task.task_id]);
    expect(restarted.store.get("sch-00000000000000aa")?.fires).toEqual([{ ...claim, outcome: "created", task_id: task.task_id }]);
    expect(observed.map((f) => f.outcome)).toEqual(["created"]);
  });

  it("a refused task is recorded as failed with the reason, and the next fire still runs", async () => {
    const { store, firer } = await boot();
    await store.save(schedule({ task: { prompt: "done", permission_mode: "acceptEdits" } }));
    const failed = await firer.fire("sch-00000000000000aa", { scheduled_for: T, fired_at: T });
    expect(failed).toMatchObject({ outcome: "failed", reason: expect.stringMatching(/acceptEdits/) });
    await store.save({ ...(store.get("sch-00000000000000aa") as ScheduleRecord), task: { prompt: "done" } });
    expect((await firer.fire("sch-00000000000000aa", { scheduled_for: T + 60, fired_at: T + 60 }))?.outcome).toBe("created");
  });
});
