/** Turns stored task records into the wire shapes of openapi.yaml. */
import type { RunRecord, TaskRecord } from "../../tasks/task-model.js";

const LIST_PROMPT_CHARS = 120;

const followup = (r: RunRecord) => ({
  prompt: r.prompt,
  sent_at: r.sent_at,
  state: r.state,
  ...(r.started_at !== undefined && { started_at: r.started_at }),
  ...(r.finished_at !== undefined && { finished_at: r.finished_at }),
  ...(r.exit_code !== undefined && { exit_code: r.exit_code }),
});

export function taskView(t: TaskRecord) {
  return {
    task_id: t.task_id,
    session_id: t.session_id,
    prompt: t.prompt,
    workdir: t.workdir,
    status: t.status,
    created_at: t.created_at,
    ...(t.finished_at !== undefined && { finished_at: t.finished_at }),
    ...(t.killed_at !== undefined && { killed_at: t.killed_at }),
    ...(t.error !== undefined && { error: t.error }),
    tmux_session: t.tmux_session,
    followups: t.runs.slice(1).map(followup),
  };
}

export const summaryView = (t: TaskRecord) => ({
  task_id: t.task_id,
  // Array.from counts code points, so a cut never splits a surrogate pair.
  prompt: Array.from(t.prompt.slice(0, LIST_PROMPT_CHARS * 2))
    .slice(0, LIST_PROMPT_CHARS)
    .join(""),
  status: t.status,
  created_at: t.created_at,
});

export const messageView = (t: TaskRecord) => ({
  task_id: t.task_id,
  session_id: t.session_id,
  status: t.status,
  followups: t.runs.slice(1).map(followup),
});

export const killView = (t: TaskRecord) => ({
  task_id: t.task_id,
  status: "killed" as const,
  killed_at: t.killed_at ?? t.finished_at ?? t.created_at,
});
