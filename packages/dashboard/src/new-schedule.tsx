/**
 * The form that defines a schedule: name, cron, zone, the task it starts (every field of a task
 * request, TaskFields), overlap; the next five
 * fire times are previewed by the server (the same croner reading the schedule will get) as
 * the expression is typed.
 */
import type { CreateScheduleRequest } from "@claude-task-api/sdk";
import { useEffect, useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ErrorLine } from "./error-line.js";
import { text as field, readTaskFields, TaskFields } from "./task-fields.js";

const OVERLAPS = ["skip", "queue", "allow"] as const;
/** Wait this long after the last keystroke before asking for a preview. */
const PREVIEW_DELAY_MS = 300;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** Fire times in the schedule's own zone, so a daylight-saving change shows as it will happen. */
export function fireTime(unixSeconds: number, timeZone: string): string {
  return new Date(unixSeconds * 1000).toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "medium" });
}

function usePreview(cron: string, timezone: string) {
  const [preview, setPreview] = useState<{ times?: number[]; error?: string }>({});
  useEffect(() => {
    if (!cron.trim()) return setPreview({});
    let current = true;
    const timer = setTimeout(() => {
      client.schedules
        .preview(cron, { timezone: timezone || "UTC", count: 5 })
        .then((p) => current && setPreview({ times: p.next_runs }))
        .catch((err: unknown) => current && setPreview({ error: describeError(err) }));
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [cron, timezone]);
  return preview;
}

export function NewSchedule({ onCreated }: { onCreated: () => void }) {
  const [cron, setCron] = useState("");
  const [timezone, setTimezone] = useState(browserZone);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // A new key after a save puts the task fields' own state (mode, checkboxes) back as well.
  const [generation, setGeneration] = useState(0);
  const preview = usePreview(cron, timezone);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      const body: CreateScheduleRequest = {
        name: field(form, "name"),
        cron: cron.trim(),
        timezone: timezone.trim() || "UTC",
        overlap: field(form, "overlap") as (typeof OVERLAPS)[number],
        task: readTaskFields(form),
      };
      setBusy(true);
      await client.schedules.create(body);
      form.reset();
      setCron("");
      setGeneration((g) => g + 1);
      onCreated();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="new-schedule" aria-labelledby="new-schedule-heading">
      <h2 id="new-schedule-heading">New schedule</h2>
      <form onSubmit={submit}>
        <label class="wide">
          Name
          <input name="name" required maxLength={100} placeholder="Nightly dependency update" />
        </label>
        <label>
          Cron
          <input
            name="cron"
            required
            value={cron}
            placeholder="0 6 * * 1-5"
            onInput={(e) => setCron((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Time zone
          <input name="timezone" value={timezone} onInput={(e) => setTimezone((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <output class="wide preview" aria-live="polite" aria-label="Next fire times">
          {preview.error ? <p class="error">{preview.error}</p> : null}
          {preview.times ? (
            <ol class="next-runs">
              {preview.times.map((t) => (
                <li key={t}>{fireTime(t, timezone || "UTC")}</li>
              ))}
            </ol>
          ) : null}
        </output>
        <TaskFields key={generation} promptPlaceholder="What should Claude do each time?" />
        <label>
          While the last task runs
          <select name="overlap">
            {OVERLAPS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <ErrorLine message={error} wide />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Creating..." : "Create schedule"}
        </button>
      </form>
    </section>
  );
}
