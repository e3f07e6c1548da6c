/**
 * The tool uses a task's run waits for, one panel each at the top of the task: what Claude wants
 * to do (tool, key argument, full input), how long it has waited and when it times out, and
 * Allow / Deny (with an optional message for Claude). An answer that arrives too late (someone
 * else answered, the approval timed out, the run ended) is said inline and stays until dismissed,
 * since the panel itself goes away with the next refresh.
 */
import { type PendingApproval, TaskApiError } from "@claude-task-api/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ErrorLine } from "./error-line.js";
import { duration, keyArgument } from "./format.js";

/** Inputs longer than this are folded (a Write's whole file, a long script). */
const FOLD_LINES = 12;
const FOLD_CHARS = 800;

/** What a failed answer means for the person, from the server's code; its own message after. */
const LATE: Record<string, string> = {
  approval_already_answered: "Already answered",
  approval_closed: "The run ended",
  approval_not_found: "This approval no longer exists",
};

function answerError(err: unknown): string {
  if (!(err instanceof TaskApiError)) return describeError(err);
  const body = err.body as { error?: unknown } | undefined;
  const detail = typeof body?.error === "string" ? body.error : err.message;
  const headline = err.code === undefined ? undefined : LATE[err.code];
  return headline ? `${headline}: ${detail}` : detail;
}

/** The current time, again every second (for "waiting 12s" and countdowns). */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The full input as JSON, folded when long. Text of several lines (a Write's content, an Edit's
 * strings, a script) is shown as it reads too, since JSON escapes its line breaks.
 */
function ToolInput({ input }: { input: Record<string, unknown> }) {
  const json = JSON.stringify(input, null, 2);
  const lines = json.split("\n").length;
  const texts = Object.entries(input).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].includes("\n"));
  const fold = texts.length > 0 || lines > FOLD_LINES || json.length > FOLD_CHARS;
  return (
    <>
      {texts.map(([name, text]) => (
        <div class="approval-text" key={name}>
          <span class="muted">{name}</span>
          <pre>{text}</pre>
        </div>
      ))}
      {fold ? (
        <details class="approval-input">
          <summary>Full input as JSON ({lines} lines)</summary>
          <pre class="tool-input">{json}</pre>
        </details>
      ) : (
        <pre class="tool-input">{json}</pre>
      )}
    </>
  );
}

/** How long the approval has waited and, with a timeout, how long it has left; ticks every second. */
function Timing({ approval }: { approval: PendingApproval }) {
  const now = useNow();
  const waited = duration(now / 1000 - approval.requested_at);
  if (approval.expires_at === undefined) return <p class="muted approval-time">Waiting {waited}</p>;
  const left = approval.expires_at - now / 1000;
  return (
    <p class="muted approval-time">
      Waiting {waited} · {left > 0 ? `denied automatically in ${duration(left)}` : "timing out now"}
    </p>
  );
}

/** The optional message for Claude and the final Deny; the message box takes the focus when it opens. */
function DenyForm({
  tool,
  busy,
  onDeny,
  onCancel,
}: {
  tool: string;
  busy: boolean;
  onDeny: (message: string | undefined) => void;
  onCancel: () => void;
}) {
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), []);
  const submit = (e: Event) => {
    e.preventDefault();
    onDeny(box.current?.value.trim() || undefined);
  };
  return (
    <form
      class="deny-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <label>
        Message for Claude (optional)
        <textarea ref={box} rows={2} maxLength={4000} placeholder="Why not, or what to do instead" />
      </label>
      <div class="approval-buttons">
        <button type="submit" class="danger" disabled={busy}>
          {busy ? "Denying..." : `Deny ${tool}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface PanelProps {
  taskId: string;
  approval: PendingApproval;
  onAnswered: () => void;
  onTooLate: (approval: PendingApproval, message: string) => void;
}

function ApprovalPanel({ taskId, approval, onAnswered, onTooLate }: PanelProps) {
  const [denying, setDenying] = useState(false);
  const [busy, setBusy] = useState<"allow" | "deny" | undefined>();
  const [error, setError] = useState<string | undefined>();
  const argument = keyArgument(approval.input, 200);
  const headingId = `approval-${approval.approval_id}`;

  const answer = async (decision: "allow" | "deny", message?: string) => {
    setBusy(decision);
    setError(undefined);
    try {
      if (decision === "allow") await client.tasks.approve(taskId, approval.approval_id);
      else await client.tasks.deny(taskId, approval.approval_id, message ? { message } : {});
      onAnswered();
    } catch (err) {
      setBusy(undefined);
      // A 409 means the approval is gone for good: keep the reason after the panel goes.
      if (err instanceof TaskApiError && err.status === 409) onTooLate(approval, answerError(err));
      setError(answerError(err));
    }
  };

  const denyButton = useRef<HTMLButtonElement>(null);
  const cancelDeny = () => {
    setDenying(false);
    // Back to where the person was, not to the top of the page.
    setTimeout(() => denyButton.current?.focus());
  };

  return (
    <section class="approval" aria-labelledby={headingId} data-approval-id={approval.approval_id}>
      <h3 id={headingId}>
        Claude asks to use <span class="tool-name">{approval.tool}</span>
      </h3>
      {argument ? <code class="approval-argument">{argument}</code> : null}
      <Timing approval={approval} />
      <ToolInput input={approval.input} />
      <ErrorLine message={error} />
      {denying ? (
        <DenyForm
          tool={approval.tool}
          busy={busy === "deny"}
          onDeny={(message) => void answer("deny", message)}
          onCancel={cancelDeny}
        />
      ) : (
        <div class="approval-buttons">
          <button type="button" class="primary" disabled={busy !== undefined} onClick={() => void answer("allow")}>
            {busy === "allow" ? "Allowing..." : "Allow"}
          </button>
          <button type="button" class="danger" ref={denyButton} disabled={busy !== undefined} onClick={() => setDenying(true)}>
            Deny
          </button>
        </div>
      )}
    </section>
  );
}

interface LateAnswer {
  approval: PendingApproval;
  message: string;
}

/** Every pending approval of the task, and the answers that came too late. */
export function Approvals({
  taskId,
  approvals,
  onAnswered,
}: {
  taskId: string;
  approvals: PendingApproval[];
  onAnswered: () => void;
}) {
  const [late, setLate] = useState<LateAnswer[]>([]);
  const pendingIds = new Set(approvals.map((a) => a.approval_id));
  // While its panel is still up, the panel shows the error itself: the note is for after it goes.
  const notes = late.filter((l) => !pendingIds.has(l.approval.approval_id));
  if (approvals.length === 0 && notes.length === 0) return null;
  return (
    <div class="approvals">
      {approvals.length > 0 ? (
        <p class="approvals-head" role="status">
          Claude waits for your answer ({approvals.length === 1 ? "1 tool use" : `${approvals.length} tool uses`})
        </p>
      ) : null}
      {approvals.map((approval) => (
        <ApprovalPanel
          key={approval.approval_id}
          taskId={taskId}
          approval={approval}
          onAnswered={onAnswered}
          onTooLate={(a, message) => {
            setLate((l) => [...l.filter((x) => x.approval.approval_id !== a.approval_id), { approval: a, message }]);
            onAnswered();
          }}
        />
      ))}
      {notes.map(({ approval, message }) => (
        <div class="approval-late" role="alert" key={approval.approval_id}>
          <p>
            Your answer to <span class="tool-name">{approval.tool}</span> {keyArgument(approval.input)} was not used. {message}
          </p>
          <button type="button" onClick={() => setLate((l) => l.filter((x) => x.approval.approval_id !== approval.approval_id))}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
