/** Schedules for people: the list's table, and show's definition, next fire times and history. */
import type { Schedule, ScheduleFire, ScheduleRunResult } from "@claude-task-api/sdk";
import type { CommandContext } from "../context.js";
import { safeView } from "./safe-text.js";
import { oneLine, renderKeyValues, renderTable } from "./table.js";
import { absoluteTime, relativeTime } from "./time.js";

/** A fire's outcome in a word or two, with the reason when it was refused. */
export function describeFire(fire: ScheduleFire | ScheduleRunResult): string {
  const how = [fire.manual && "run now", "caught_up" in fire && fire.caught_up && `caught up ${fire.missed ?? "?"} missed`]
    .filter(Boolean)
    .join(", ");
  const what = fire.outcome === "created" ? `created ${fire.task_id}` : fire.outcome;
  return `${what}${how ? ` (${how})` : ""}${fire.reason ? `: ${oneLine(fire.reason)}` : ""}`;
}

const nextRun = (s: Schedule) => (s.next_run_at === undefined ? "paused" : absoluteTime(s.next_run_at));

export function renderScheduleList(ctx: CommandContext, schedules: Schedule[]): string {
  const rows = schedules.map((raw) => {
    const s = safeView(raw);
    const last = s.fires.at(-1);
    return [s.schedule_id, s.name, `${s.cron} ${s.timezone}`, nextRun(s), last ? describeFire(last) : "-"];
  });
  return renderTable([["ID", "NAME", "WHEN", "NEXT RUN", "LAST OUTCOME"], ...rows], {
    maxWidth: ctx.io.stdout.columns,
  });
}

export function renderSchedule(raw: Schedule): string {
  const s = safeView(raw);
  const pairs: Array<[string, string]> = [
    ["Schedule", s.schedule_id],
    ["Name", s.name],
    ["Cron", `${s.cron} (${s.timezone})`],
    ["State", s.enabled ? "enabled" : "paused"],
    ["Overlap", s.overlap],
    ["Catch up", s.catch_up],
    ["Prompt", oneLine(s.task.prompt)],
    ["Workdir", s.task.workdir ?? "(server default)"],
    ["Next runs", s.next_runs.length ? s.next_runs.map((t) => absoluteTime(t)).join(", ") : "none while paused"],
  ];
  if (s.queued_fire) pairs.push(["Queued", `fire for ${absoluteTime(s.queued_fire.scheduled_for)} waits for the running task`]);
  const history = s.fires
    .slice()
    .reverse()
    .map((f) => [absoluteTime(f.scheduled_for), relativeTime(f.fired_at), describeFire(f)]);
  const fires = history.length ? renderTable([["FOR", "FIRED", "OUTCOME"], ...history]) : "no fires yet";
  return `${renderKeyValues(pairs)}\n\nHistory (newest first; tasks: list --label schedule=${s.schedule_id}):\n${fires}`;
}
