/**
 * A task's output as a conversation: assistant text as markdown, each tool call folded with
 * its input and (once it arrives) its result, errors highlighted, and each run's cost and turns.
 */
import type { ContentBlock, StreamEvent, ToolResultBlock, ToolUseBlock } from "@claude-task-api/sdk";
import { cost } from "./format.js";
import { Markdown } from "./markdown.js";

export interface Turn {
  kind: "text" | "tool" | "result" | "system" | "exit" | "other";
  key: string;
  text?: string;
  tool?: ToolUseBlock;
  toolResult?: ToolResultBlock;
  event?: StreamEvent;
}

const resultText = (block: ToolResultBlock) =>
  typeof block.content === "string"
    ? block.content
    : block.content.map((b: ContentBlock) => (b.type === "text" ? b.text : JSON.stringify(b))).join("\n");

/** Adds one event to the transcript, pairing tool results with their calls. */
export function addEvent(turns: Turn[], event: StreamEvent, n: number): Turn[] {
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
  } else if (event.type === "result") next.push({ kind: "result", key: `${n}`, event });
  else if (event.type === "system" && event.subtype === "init") next.push({ kind: "system", key: `${n}`, event });
  else if (event.type === "exit" && event.code !== 0) next.push({ kind: "exit", key: `${n}`, event });
  return next;
}

function ToolCall({ turn }: { turn: Turn }) {
  const tool = turn.tool as ToolUseBlock;
  const result = turn.toolResult;
  const failed = result?.is_error === true;
  return (
    <details class={`tool${failed ? " failed" : ""}`}>
      <summary>
        <span class="tool-name">{tool.name}</span> <span class="muted">{summarizeInput(tool.input)}</span>
        {result ? failed ? <span class="badge status-error">error</span> : null : <span class="muted"> running...</span>}
      </summary>
      <pre class="tool-input">{JSON.stringify(tool.input, null, 2)}</pre>
      {result ? <pre class="tool-result">{resultText(result)}</pre> : null}
    </details>
  );
}

function summarizeInput(input: Record<string, unknown>): string {
  const first = input.command ?? input.file_path ?? input.path ?? input.pattern ?? input.url ?? "";
  const text = typeof first === "string" ? first : "";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function RunResult({ event }: { event: StreamEvent }) {
  if (event.type !== "result") return null;
  return (
    <div class={`run-result${event.is_error ? " failed" : ""}`}>
      <span>{event.is_error ? `Run failed (${event.subtype})` : "Run finished"}</span>
      <span>{event.num_turns ?? 0} turns</span>
      <span>{cost(event.total_cost_usd)}</span>
      {event.is_error && event.result ? <p>{event.result}</p> : null}
    </div>
  );
}

export function Transcript({ turns }: { turns: Turn[] }) {
  return (
    <ol class="transcript" aria-live="polite">
      {turns.map((turn) => (
        <li key={turn.key} class={`turn turn-${turn.kind}`}>
          {turn.kind === "text" ? <Markdown text={turn.text as string} /> : null}
          {turn.kind === "tool" ? <ToolCall turn={turn} /> : null}
          {turn.kind === "result" ? <RunResult event={turn.event as StreamEvent} /> : null}
          {turn.kind === "system" && turn.event?.type === "system" ? (
            <p class="muted run-start">
              Run started in <code>{turn.event.cwd}</code>
              {turn.event.model ? ` with ${turn.event.model}` : ""}
            </p>
          ) : null}
          {turn.kind === "exit" && turn.event?.type === "exit" ? (
            <p class="error">claude exited with code {turn.event.code}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
