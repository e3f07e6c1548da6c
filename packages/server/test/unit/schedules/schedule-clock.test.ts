/**
 * The clock alone, on fake time, over a schedule kept in memory and a firer that records what
 * it is asked: which fire times it fires, and when.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ScheduleClock } from "../../../src/schedules/schedule-clock.js";
import type { ScheduleFirer } from "../../../src/schedules/schedule-firer.js";
import type { FireClaim, ScheduleRecord } from "../../../src/schedules/schedule-model.js";
import type { ScheduleStore } from "../../../src/schedules/schedule-store.js";
import { silentLogger } from "../../../src/util/logger.js";

/** A minute's first second: the schedule below fires at T, T + 60, ... */
const T = 1_700_000_040;

let schedule: ScheduleRecord;
let claims: FireClaim[];
let failing: boolean;

const store = { get: () => schedule, list: () => [schedule] } as unknown as ScheduleStore;
/** Takes the fire time as the real firer does, or throws as one whose disk is full. */
const firer = {
  fire: async (_id: string, claim: FireClaim) => {
    claims.push(claim);
    if (failing) throw new Error("ENOSPC: no space left on device");
    schedule = { ...schedule, taken_until: claim.scheduled_for };
    return undefined;
  },
} as unknown as ScheduleFirer;

let clock: ScheduleClock;

beforeEach(() => {
  vi.useFakeTimers();
  claims = [];
  failing = false;
  schedule = {
    schedule_id: "sch-00000000000000aa",
    name: "every minute",
    cron: "* * * * *",
    timezone: "UTC",
    task: { prompt: "done" },
    overlap: "allow",
    catch_up: "latest",
    enabled: true,
    created_at: T - 1,
    updated_at: T - 1,
    // Taken up to just before T: the create was saved a moment before that fire time.
    taken_until: T - 1,
    fires: [],
  };
  clock = new ScheduleClock(store, firer, silentLogger);
});
afterEach(() => {
  clock.stop();
  vi.useRealTimers();
});

describe("the schedule clock", () => {
  it("fires a time that passed before the timer was set at once, as one fire, not a catch-up", async () => {
    // The create was slow: T passed between saving it and setting its timer.
    vi.setSystemTime(T * 1000 + 30_000);
    clock.arm(schedule.schedule_id);
    await vi.advanceTimersByTimeAsync(0);
    expect(claims).toEqual([{ scheduled_for: T, fired_at: T + 30 }]);
    // And the next one on time, as one fire too.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(claims).toEqual([
      { scheduled_for: T, fired_at: T + 30 },
      { scheduled_for: T + 60, fired_at: T + 60 },
    ]);
  });

  it("after a failed fire, tries again at the next fire time, not at once", async () => {
    failing = true;
    vi.setSystemTime(T * 1000 + 30_000);
    clock.arm(schedule.schedule_id);
    await vi.advanceTimersByTimeAsync(0);
    expect(claims).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(claims).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // T was never taken: the next try finds two times due, and catches up with the latest.
    expect(claims).toEqual([
      { scheduled_for: T, fired_at: T + 30 },
      { scheduled_for: T + 60, fired_at: T + 60, caught_up: true, missed: 2 },
    ]);
  });
});
