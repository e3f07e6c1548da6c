/** Every schedule: next runs, fire history with links to the tasks, pause/resume, run now, delete. */
import type { Schedule, ScheduleFire } from "@claude-task-api/sdk";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ConfirmButton } from "./confirm.js";
import { ErrorLine } from "./error-line.js";
import { age } from "./format.js";
import { fireTime } from "./new-schedule.js";
import { usePolling } from "./use-polling.js";

const REFRESH_MS = 2000;
/** Fires shown per schedule, newest first. */
const HISTORY_SHOWN = 10;

function FireRow({ fire, timezone }: { fire: ScheduleFire; timezone: string }) {
  const how = [fire.manual ? "run now" : "", fire.caught_up ? `caught up (${fire.missed ?? "?"} missed)` : ""].filter(Boolean);
  return (
    <li class={`fire outcome-${fire.outcome}`}>
      <span class="when" title={`fired ${new Date(fire.fired_at * 1000).toLocaleString()}`}>
        {fireTime(fire.scheduled_for, timezone)}
      </span>{" "}
      <span class="badge">{fire.outcome}</span> {fire.task_id ? <a href={`#/tasks/${fire.task_id}`}>{fire.task_id}</a> : null}
      {how.length ? <span class="muted"> {how.join(", ")}</span> : null}
      {fire.reason ? <span class="reason"> {fire.reason}</span> : null}
    </li>
  );
}

function ScheduleItem({ schedule: s, onChanged }: { schedule: Schedule; onChanged: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const act = (work: () => Promise<unknown>) => () => work().then(onChanged, (err: unknown) => setError(describeError(err)));
  const history = s.fires.slice(-HISTORY_SHOWN).reverse();
  return (
    <li class="schedule" data-schedule-id={s.schedule_id}>
      <div class="section-head">
        <h3>{s.name}</h3>
        <span class={`badge ${s.enabled ? "status-running" : "status-killed"}`}>{s.enabled ? "enabled" : "paused"}</span>
      </div>
      <p class="meta">
        <code>{s.cron}</code> in {s.timezone} · overlap {s.overlap} · <code class="id">{s.schedule_id}</code>
      </p>
      <p class="prompt">{s.task.prompt}</p>
      <div class="next-runs-block">
        Next runs:{" "}
        {s.next_runs.length ? (
          <ol class="next-runs">
            {s.next_runs.map((t) => (
              <li key={t}>{fireTime(t, s.timezone)}</li>
            ))}
          </ol>
        ) : (
          <span class="muted">none while paused</span>
        )}
      </div>
      <div class="schedule-buttons">
        {s.enabled ? (
          <button type="button" onClick={act(() => client.schedules.pause(s.schedule_id))}>
            Pause
          </button>
        ) : (
          <button type="button" onClick={act(() => client.schedules.resume(s.schedule_id))}>
            Resume
          </button>
        )}
        <button type="button" onClick={act(() => client.schedules.run(s.schedule_id))}>
          Run now
        </button>
        <ConfirmButton
          label="Delete"
          question={`Delete schedule "${s.name}"? Its tasks stay.`}
          confirmLabel="Delete schedule"
          danger
          onConfirm={act(() => client.schedules.delete(s.schedule_id))}
        />
      </div>
      <ErrorLine message={error} />
      <h4>History</h4>
      {history.length ? (
        <ul class="fires">
          {history.map((f) => (
            <FireRow key={`${f.scheduled_for}-${f.fired_at}`} fire={f} timezone={s.timezone} />
          ))}
        </ul>
      ) : (
        <p class="muted">No fires yet (created {age(s.created_at)}).</p>
      )}
    </li>
  );
}

export function ScheduleList({ refreshKey }: { refreshKey: number }) {
  const { value, error, refresh } = usePolling(() => client.schedules.list(), REFRESH_MS, [refreshKey]);
  return (
    <section class="schedule-list" aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules</h2>
      {error ? <p class="error">{describeError(error)}</p> : null}
      {value && value.length === 0 ? <p class="muted">No schedules yet.</p> : null}
      <ul class="schedules">
        {(value ?? []).map((s) => (
          <ScheduleItem key={s.schedule_id} schedule={s} onChanged={refresh} />
        ))}
      </ul>
    </section>
  );
}
