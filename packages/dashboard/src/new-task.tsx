/** The form that starts a task: prompt, workdir, model, permission mode, max turns, labels. */
import type { CreateTaskRequest } from "@claude-task-api/sdk";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { parseLabels } from "./format.js";

const MODES = ["", "default", "acceptEdits", "plan", "bypassPermissions"] as const;

const field = (form: HTMLFormElement, name: string) =>
  ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "").trim();

export function NewTask({ onStarted }: { onStarted: (id: string) => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      const body: CreateTaskRequest = { prompt: field(form, "prompt") };
      const workdir = field(form, "workdir");
      const model = field(form, "model");
      const mode = field(form, "permission_mode");
      const maxTurns = field(form, "max_turns");
      if (workdir) body.workdir = workdir;
      if (model) body.model = model;
      if (mode) body.permission_mode = mode as NonNullable<CreateTaskRequest["permission_mode"]>;
      if (maxTurns) body.max_turns = Number(maxTurns);
      const labels = parseLabels(field(form, "labels"));
      if (labels) body.labels = labels;
      setBusy(true);
      const task = await client.tasks.create(body);
      form.reset();
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
          <select name="permission_mode">
            {MODES.map((m) => (
              <option key={m} value={m}>
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
