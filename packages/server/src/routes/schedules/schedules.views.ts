/** A schedule as the API shows it: the definition, next fire times and history, not the bookkeeping. */
import type { Schedule } from "../../generated/schemas.js";
import type { ScheduleState } from "../../schedules/schedule-service.js";

export function scheduleView(state: ScheduleState): Schedule {
  const { taken_until, pending, queued, ...shown } = state;
  return {
    ...shown,
    ...(state.next_runs[0] !== undefined && { next_run_at: state.next_runs[0] }),
    ...(queued && { queued_fire: { scheduled_for: queued.scheduled_for, fired_at: queued.fired_at } }),
  };
}
