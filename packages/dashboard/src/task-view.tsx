/**
 * One task: its status and totals, the transcript following the event stream live (the SDK
 * reconnects after a dropped connection and resumes after the last line), the approvals its
 * run waits for, a follow-up form, kill and purge.
 */
import { type FollowStatus, isFinished, parseStreamJsonLine, type TaskDetail } from "@claude-task-api/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { Approvals } from "./approvals.js";
import { ConfirmButton } from "./confirm.js";
import { ErrorLine } from "./error-line.js";
import { age } from "./format.js";
import { InterruptButton } from "./interrupt-button.js";
import { addUsage, type LiveUsage, NO_USAGE } from "./live-usage.js";
import { lastListHash } from "./routes.js";
import { SteerBox } from "./steer-box.js";
import { TaskBudget } from "./task-budget.js";
import { TaskCatalogs } from "./task-catalogs.js";
import { TaskDiff } from "./task-diff.js";
import { AttentionBadge, StatusBadge } from "./task-list.js";
import { TaskLabels, TaskTotals } from "./task-totals.js";
import { addEvent, Transcript, type Turn } from "./transcript.js";
import { usePolling } from "./use-polling.js";

/**
 * Follows the task's log; `generation` restarts the follow (after a follow-up) where it stopped.
 * `onChange` hears of status changes and of approvals asked or answered, so the task refreshes then.
 */
function useTranscript(id: string, generation: number, onChange: (s?: FollowStatus) => void) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [live, setLive] = useState<LiveUsage>(NO_USAGE);
  const [error, setError] = useState<string | undefined>();
  // `runs`: exit markers seen, each ends one run's part of the log (so the next event is the next run's).
  const seen = useRef({ id: "", lines: 0, runs: 0 });
  useEffect(() => {
    if (seen.current.id !== id) {
      seen.current = { id, lines: 0, runs: 0 };
      setTurns([]);
      setLive(NO_USAGE);
    }
    const abort = new AbortController();
    setError(undefined);
    (async () => {
      for await (const line of client.followOutputLines(id, {
        fromLine: seen.current.lines,
        signal: abort.signal,
        onStatus: onChange,
      })) {
        const n = seen.current.lines++;
        const event = parseStreamJsonLine(line);
        const run = seen.current.runs;
        if (event?.type === "exit") seen.current.runs++;
        if (event) setTurns((t) => addEvent(t, event, n, run));
        if (event) setLive((u) => addUsage(u, event));
        if (event?.type === "approval" || event?.type === "approval_decision") onChange();
      }
    })().catch((err: unknown) => {
      if (!abort.signal.aborted) setError(describeError(err));
    });
    return () => abort.abort();
  }, [id, generation]);
  return { turns, live, error };
}

function FollowUp({ id, onSent }: { id: string; onSent: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const prompt = (form.elements.namedItem("followup") as HTMLTextAreaElement).value.trim();
    if (!prompt) return;
    try {
      setError(undefined);
      setBusy(true);
      await client.tasks.sendMessage(id, { prompt });
      form.reset();
      onSent();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="followup" onSubmit={submit}>
      <label>
        Follow-up
        <textarea name="followup" rows={2} required placeholder="Continue the conversation" />
      </label>
      <ErrorLine message={error} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? "Sending..." : "Send"}
      </button>
    </form>
  );
}

export function TaskView({ id, onClose }: { id: string; onClose: () => void }) {
  const [generation, setGeneration] = useState(0);
  const [actionError, setActionError] = useState<string | undefined>();
  const detail = usePolling<TaskDetail>(() => client.tasks.get(id), 2000, [id]);
  const { turns, live, error } = useTranscript(id, generation, () => detail.refresh());
  // Until this task's detail arrives, the poll still holds the task shown before (the view is
  // reused when the URL's id changes): never show its status under this task's heading.
  const task = detail.value?.task_id === id ? detail.value : undefined;
  // Always present in answers from this server; an older one leaves it out.
  const pending = task?.pending_approvals ?? [];

  const act = async (action: () => Promise<unknown>) => {
    try {
      setActionError(undefined);
      await action();
      detail.refresh();
    } catch (err) {
      setActionError(describeError(err));
    }
  };

  return (
    <section class="task-view" aria-labelledby="task-heading">
      <p>
        <a href={lastListHash()}>All tasks</a>
      </p>
      <h2 id="task-heading">
        Task <code>{id}</code>
      </h2>
      {detail.error ? <p class="error">{describeError(detail.error)}</p> : null}
      {task ? <Approvals key={id} taskId={id} approvals={pending} onAnswered={() => detail.refresh()} /> : null}
      {task ? (
        <div class="task-head">
          <StatusBadge status={task.status} />
          {pending.length > 0 ? <AttentionBadge approvals={pending} /> : null}
          <span>{age(task.created_at)}</span>
          <TaskTotals task={task} live={live} running={!isFinished(task.status)} />
          <TaskLabels labels={task.labels} />
          <span class="muted">
            in <code>{task.workdir}</code>
          </span>
          <div class="actions">
            {task.status === "running" ? <InterruptButton id={id} act={act} /> : null}
            {!isFinished(task.status) ? (
              <ConfirmButton
                label="Kill"
                question="Stop this task's run now?"
                confirmLabel="Kill it"
                danger
                onConfirm={() => act(() => client.tasks.kill(id))}
              />
            ) : (
              <ConfirmButton
                label="Purge"
                question="Delete this task and its output for good?"
                confirmLabel="Purge it"
                danger
                onConfirm={() => act(() => client.tasks.purge(id).then(onClose))}
              />
            )}
          </div>
        </div>
      ) : null}
      {task ? <TaskCatalogs task={task} /> : null}
      <ErrorLine message={actionError} />
      {task ? <TaskBudget task={task} onChanged={() => setGeneration((g) => g + 1)} /> : null}
      <h3>Prompt</h3>
      <pre class="prompt-text">{task?.prompt}</pre>
      <h3>Transcript</h3>
      <Transcript turns={turns} running={task ? !isFinished(task.status) : true} runs={task?.runs} />
      {error ? <p class="error">Following the output stopped: {error}</p> : null}
      {task?.status === "running" ? (
        <SteerBox id={id} onSent={() => detail.refresh()} />
      ) : task ? (
        <FollowUp id={id} onSent={() => setGeneration((g) => g + 1)} />
      ) : null}
      {task?.worktree ? (
        // A finished tool call or a new status may have changed files: the diff loads again then.
        <TaskDiff id={id} worktree={task.worktree} changeKey={`${task.status}:${turns.filter((t) => t.toolResult).length}`} />
      ) : null}
    </section>
  );
}
