/** A schedule as stored in `TASKS_DIR/.schedules/{schedule_id}.json`, and its fire history. */
import { randomBytes } from "node:crypto";
import type { CreateTaskInput } from "../tasks/lifecycle/create-task.js";

export const OVERLAP_POLICIES = ["skip", "queue", "allow"] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export const CATCH_UP_POLICIES = ["none", "latest"] as const;
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];

/** `skipped_budget`: the day's DAILY_BUDGET_USD was spent when it fired (create's 429). */
export const FIRE_OUTCOMES = ["created", "skipped_overlap", "skipped_budget", "failed"] as const;
export type FireOutcome = (typeof FIRE_OUTCOMES)[number];

/** The label every task a schedule creates carries: `schedule=<schedule_id>`. */
export const SCHEDULE_LABEL = "schedule";

/** Fires kept in a schedule's history; older ones drop off (the tasks keep their label). */
export const FIRE_HISTORY_LIMIT = 50;

/** The task options a schedule creates its tasks with: a create request without idempotency. */
export type TaskTemplate = CreateTaskInput;

/** One fire time taken, before its outcome is known. */
export interface FireClaim {
  /** The cron time it is for (unix seconds); for a run-now, the moment it was asked for. */
  scheduled_for: number;
  fired_at: number;
  /** Fired after downtime for missed fire times (`catch_up: "latest"`). */
  caught_up?: boolean;
  /** With `caught_up`: how many fire times were missed (counted up to 100). */
  missed?: number;
  /** Fired by `POST .../run` rather than by the clock. */
  manual?: boolean;
}

export interface FireRecord extends FireClaim {
  outcome: FireOutcome;
  task_id?: string;
  /** With `failed` (and the skips): why. */
  reason?: string;
}

export interface ScheduleRecord {
  schedule_id: string;
  name: string;
  cron: string;
  timezone: string;
  task: TaskTemplate;
  overlap: OverlapPolicy;
  catch_up: CatchUpPolicy;
  enabled: boolean;
  created_at: number;
  updated_at: number;
  /** The latest cron time taken: the clock never fires it, or one before it, again. */
  taken_until: number;
  /** Claimed, task not yet recorded: after a crash it is completed with the same idempotency key, so once. */
  pending?: FireClaim;
  /** With `overlap: "queue"`: the fire waiting for the schedule's running task to finish. */
  queued?: FireClaim;
  /** Newest last. */
  fires: FireRecord[];
}

/** `sch-` and 16 hex digits: a file name and a label value as it is. */
export const SCHEDULE_ID_PATTERN = /^sch-[0-9a-f]{16}$/;
export const newScheduleId = () => `sch-${randomBytes(8).toString("hex")}`;

export const nowSeconds = () => Date.now() / 1000;

/** The idempotency key of a fire: retrying a claimed fire after a crash creates its task once. */
export const fireKey = (scheduleId: string, claim: FireClaim) =>
  `schedule/${scheduleId}/${claim.manual ? "run" : "cron"}/${claim.scheduled_for}`;
