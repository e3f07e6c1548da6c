/** The form that starts a task: every field of a task request (TaskFields). */
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ErrorLine } from "./error-line.js";
import { readTaskFields, TaskFields } from "./task-fields.js";

export function NewTask({ onStarted }: { onStarted: (id: string) => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // A new key after a start puts the fields' own state (mode, checkboxes) back as well.
  const [generation, setGeneration] = useState(0);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      const body = readTaskFields(form);
      setBusy(true);
      const task = await client.tasks.create(body);
      form.reset();
      setGeneration((g) => g + 1);
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
        <TaskFields key={generation} promptPlaceholder="What should Claude do?" />
        <ErrorLine message={error} wide />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Starting..." : "Start task"}
        </button>
      </form>
    </section>
  );
}
