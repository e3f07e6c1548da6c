/**
 * A task's output as a conversation: assistant text as markdown, each tool call folded with
 * its input and (once it arrives) its result, errors highlighted, each run's cost and turns, and
 * each approval a run asked for with the answer it got.
 */
import type {
  ApprovalDecisionEvent,
  ApprovalEvent,
  ContentBlock,
  Run,
  StreamEvent,
  ToolResultBlock,
  ToolUseBlock,
} from "@claude-task-api/sdk";
import { keyArgument } from "./format.js";
import { Markdown } from "./markdown.js";
import { RunExit, RunFailure, RunResult, runFailed } from "./run-result.js";

export interface Turn {
  kind: "text" | "tool" | "result" | "system" | "exit" | "approval" | "decision" | "steer";
  key: string;
  text?: string;
  tool?: ToolUseBlock;
  toolResult?: ToolResultBlock;
  event?: StreamEvent;
  /** For an approval: its answer arrived (so the line no longer says it waits). */
  answered?: boolean;
  /** For an approval: a later run started without an answer to it (its run was killed). */
  dropped?: boolean;
  /** For a tool call: it waits for the person's answer (the approval names its tool_use_id). */
  awaitingApproval?: boolean;
  /** For a tool call: the input it ran with, when the approval's answer changed what Claude asked for. */
  ranInput?: Record<string, unknown>;
  /** For a run's result or exit: which run (0 the first prompt, then one per follow-up). */
  run?: number;
}

/** Marks the tool call an approval is about as waiting (or no longer waiting) for an answer, and what it ran with. */
function markToolCall(
  turns: Turn[],
  toolUseId: string | undefined,
  awaitingApproval: boolean,
  ranInput?: Record<string, unknown>,
): void {
  if (toolUseId === undefined) return;
  const at = turns.findIndex((t) => t.kind === "tool" && t.tool?.id === toolUseId);
  if (at >= 0) turns[at] = { ...(turns[at] as Turn), awaitingApproval, ...(ranInput && { ranInput }) };
}

const resultText = (block: ToolResultBlock) =>
  typeof block.content === "string"
    ? block.content
    : block.content.map((b: ContentBlock) => (b.type === "text" ? b.text : JSON.stringify(b))).join("\n");

/** Adds one event of run `run` to the transcript, pairing tool results with their calls. */
export function addEvent(turns: Turn[], event: StreamEvent, n: number, run = 0): Turn[] {
  const next = [...turns];
  if (event.type === "assistant") {
    event.message.content.forEach((block, i) => {
      if (block.type === "text" && block.text.trim()) next.push({ kind: "text", key: `${n}.${i}`, text: block.text });
      else if (block.type === "tool_use") next.push({ kind: "tool", key: block.id, tool: block });
    });
  } else if (event.type === "user") {
    for (const block of event.message.content) {
      if (block.type !== "tool_result") continue;
      const at = next.findIndex((t) => t.kind === "tool" && t.tool?.id === block.tool_use_id);
      if (at >= 0) next[at] = { ...(next[at] as Turn), toolResult: block };
    }
  } else if (event.type === "result") next.push({ kind: "result", key: `${n}`, event, run });
  else if (event.type === "system" && event.subtype === "init") {
    next.forEach((t, i) => {
      if (t.kind === "approval" && !t.answered) next[i] = { ...t, dropped: true };
      if (t.awaitingApproval) next[i] = { ...t, awaitingApproval: false };
    });
    next.push({ kind: "system", key: `${n}`, event });
  } else if (event.type === "exit" && event.code !== 0) next.push({ kind: "exit", key: `${n}`, event, run });
  else if (event.type === "steer" || event.type === "interrupt") next.push({ kind: "steer", key: `${n}`, event });
  else if (event.type === "approval") {
    markToolCall(next, event.tool_use_id, true);
    next.push({ kind: "approval", key: `${n}`, event });
  } else if (event.type === "approval_decision") {
    const at = next.findIndex((t) => t.event?.type === "approval" && t.event.approval_id === event.approval_id);
    if (at >= 0) {
      next[at] = { ...(next[at] as Turn), answered: true };
      const asked = next[at]?.event;
      if (asked?.type === "approval") markToolCall(next, asked.tool_use_id, false, event.updated_input);
    }
    next.push({ kind: "decision", key: `${n}`, event });
  }
  return next;
}

/** A tool call as it ran: with the input an approval's answer changed it to, Claude's own input shown apart. */
function ToolCall({ turn, running }: { turn: Turn; running: boolean }) {
  const tool = turn.tool as ToolUseBlock;
  const result = turn.toolResult;
  const failed = result?.is_error === true;
  const pending = turn.awaitingApproval ? " waiting for approval..." : " running...";
  const input = turn.ranInput ?? tool.input;
  return (
    <details class={`tool${failed ? " failed" : ""}`}>
      <summary>
        <span class="tool-name">{tool.name}</span> <span class="muted">{keyArgument(input)}</span>
        {turn.ranInput ? <span class="badge changed-input">input changed on approval</span> : null}
        {result ? failed ? <span class="badge status-error">error</span> : null : <span class="muted">{pending}</span>}
        {running && !result && !turn.awaitingApproval ? <span class="spinner" aria-hidden="true" /> : null}
      </summary>
      <pre class="tool-input">{JSON.stringify(input, null, 2)}</pre>
      {turn.ranInput ? (
        <div class="asked-input">
          <span class="muted">Claude asked for:</span>
          <pre class="tool-input">{JSON.stringify(tool.input, null, 2)}</pre>
        </div>
      ) : null}
      {result ? <pre class="tool-result">{resultText(result)}</pre> : null}
    </details>
  );
}

/** A request without an answer waits while its run goes on; once the run ended (killed) it never will be. */
function ApprovalLine({ turn, running }: { turn: Turn; running: boolean }) {
  const event = turn.event as ApprovalEvent;
  const argument = keyArgument(event.input);
  const waiting = running && !turn.dropped;
  const state = turn.answered ? "asked for approval" : waiting ? "waiting for approval" : "asked for approval, not answered";
  return (
    <p class="approval-line">
      ? <span class="tool-name">{event.tool}</span> {argument ? <code>{argument}</code> : null} — {state}
    </p>
  );
}

/** An answer; one that changed the tool's input says so and shows what ran. */
function DecisionLine({ event }: { event: ApprovalDecisionEvent }) {
  const allowed = event.decision === "allow";
  const changed = allowed ? event.updated_input : undefined;
  const argument = changed ? keyArgument(changed) : "";
  return (
    <p class={`decision-line ${allowed ? "allowed" : "denied"}`}>
      {allowed ? "✓ allowed" : "✗ denied"} <span class="tool-name">{event.tool ?? "tool"}</span>
      {changed ? " with changed input" : ""}
      {argument ? (
        <>
          {": "}
          <code>{argument}</code>
        </>
      ) : null}
      {event.by === "timeout" ? " (no answer in time)" : ""}
      {event.message ? `: ${event.message}` : ""}
    </p>
  );
}

export function Transcript({ turns, running, runs = [] }: { turns: Turn[]; running: boolean; runs?: Run[] }) {
  const withResult = new Set(turns.filter((t) => t.kind === "result").map((t) => t.run));
  // A run killed before claude wrote anything may end the log's stream before its exit marker
  // arrives: its failure is still said, from the task's record.
  const ended = new Set(turns.filter((t) => t.kind === "result" || t.kind === "exit").map((t) => t.run));
  const unseen = running ? [] : runs.filter((r) => runFailed(r) && !ended.has(r.index));
  return (
    <ol class="transcript" aria-live="polite">
      {turns.map((turn) => (
        <li key={turn.key} class={`turn turn-${turn.kind}`}>
          {turn.kind === "text" ? <Markdown text={turn.text as string} /> : null}
          {turn.kind === "tool" ? <ToolCall turn={turn} running={running} /> : null}
          {turn.kind === "result" && turn.event?.type === "result" ? (
            <RunResult event={turn.event} run={runs[turn.run ?? 0]} />
          ) : null}
          {turn.kind === "system" && turn.event?.type === "system" ? (
            <p class="muted run-start">
              Run started in <code>{turn.event.cwd}</code>
              {turn.event.model ? ` with ${turn.event.model}` : ""}
            </p>
          ) : null}
          {turn.kind === "exit" && turn.event?.type === "exit" ? (
            <RunExit code={turn.event.code} run={runs[turn.run ?? 0]} hasResult={withResult.has(turn.run)} />
          ) : null}
          {turn.kind === "approval" ? <ApprovalLine turn={turn} running={running} /> : null}
          {turn.event?.type === "approval_decision" ? <DecisionLine event={turn.event} /> : null}
          {turn.event?.type === "steer" ? <p class="steer-line">You: {turn.event.prompt}</p> : null}
          {turn.event?.type === "interrupt" ? <p class="muted">Interrupted: the current turn stops.</p> : null}
        </li>
      ))}
      {unseen.map((run) => (
        <li key={`run-${run.index}`} class="turn turn-exit">
          <RunFailure run={run} />
        </li>
      ))}
      {running && !turns.some((t) => t.awaitingApproval) ? (
        // Long steps (a model turn, a slow tool) show no output for a while: say the run goes on.
        <li class="turn busy" role="status">
          <span class="spinner" aria-hidden="true" /> <span class="muted">Working...</span>
        </li>
      ) : null}
    </ol>
  );
}
