/**
 * The form that starts a task: prompt, workdir, model, permission mode, max turns, labels, and
 * whether Claude asks before tools run (approvals, with an optional timeout).
 */
import type { CreateTaskRequest } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { parseLabels } from "./format.js";

/** "" is the server's default mode; the others are openapi.yaml's. */
const MODES = ["", ...schemas.RunOptions.properties.permission_mode.enum] as const;
type Mode = (typeof MODES)[number];
/** bypassPermissions never asks, and the server's default mode may be it: approvals need one of these. */
const ASKING_MODES: ReadonlySet<Mode> = new Set(schemas.AskingPermissionMode.enum);

const field = (form: HTMLFormElement, name: string) =>
  ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "").trim();

export function NewTask({ onStarted }: { onStarted: (id: string) => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<Mode>("");
  const [approvals, setApprovals] = useState(false);
  const [modeNote, setModeNote] = useState<string | undefined>();

  const toggleApprovals = (on: boolean) => {
    setApprovals(on);
    setModeNote(undefined);
    if (on && !ASKING_MODES.has(mode)) {
      setModeNote(`Permission mode set to default: ${mode || "the server default"} would never ask.`);
      setMode("default");
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      const body: CreateTaskRequest = { prompt: field(form, "prompt") };
      const workdir = field(form, "workdir");
      const model = field(form, "model");
      const maxTurns = field(form, "max_turns");
      if (workdir) body.workdir = workdir;
      if (model) body.model = model;
      if (mode) body.permission_mode = mode as NonNullable<CreateTaskRequest["permission_mode"]>;
      if (maxTurns) body.max_turns = Number(maxTurns);
      if (approvals) {
        body.approvals = true;
        const timeout = field(form, "approval_timeout_seconds");
        if (timeout) body.approval_timeout_seconds = Number(timeout);
      }
      const labels = parseLabels(field(form, "labels"));
      if (labels) body.labels = labels;
      setBusy(true);
      const task = await client.tasks.create(body);
      form.reset();
      setMode("");
      setApprovals(false);
      setModeNote(undefined);
      onStarted(task.task_id);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="new-task" aria-labelledby="new-heading">
      <h2 id="new-heading">Start a task</h2>
      <form onSubmit={submit}>
        <label class="wide">
          Prompt
          <textarea name="prompt" required rows={4} placeholder="What should Claude do?" />
        </label>
        <label>
          Working directory
          <input name="workdir" placeholder="server default" />
        </label>
        <label>
          Model
          <input name="model" placeholder="claude's default" />
        </label>
        <label>
          Permission mode
          <select
            name="permission_mode"
            value={mode}
            onChange={(e) => {
              setMode((e.currentTarget as HTMLSelectElement).value as Mode);
              setModeNote(undefined);
            }}
          >
            {MODES.map((m) => (
              <option key={m} value={m} disabled={approvals && !ASKING_MODES.has(m)}>
                {m || "server default"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Max turns
          <input name="max_turns" type="number" min={1} inputMode="numeric" />
        </label>
        <label class="wide">
          Labels
          <input name="labels" placeholder="team=web, ticket=42" />
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="approvals"
            checked={approvals}
            onChange={(e) => toggleApprovals((e.currentTarget as HTMLInputElement).checked)}
          />
          Ask before tools run (approvals)
        </label>
        {approvals ? (
          <label>
            Approval timeout (seconds)
            <input
              name="approval_timeout_seconds"
              type="number"
              min={1}
              max={604800}
              inputMode="numeric"
              placeholder="no limit"
            />
          </label>
        ) : null}
        {modeNote ? (
          <p class="note wide" role="status">
            {modeNote}
          </p>
        ) : null}
        {error ? (
          <p class="error wide" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Starting..." : "Start task"}
        </button>
      </form>
    </section>
  );
}
