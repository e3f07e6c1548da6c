/**
 * Typed view of Claude Code's `--output-format stream-json` log. Parsing is lenient because new
 * fields and event types appear between CLI releases: known events keep every field they came
 * with, and anything unrecognised is kept verbatim as an `unknown` event instead of being dropped.
 */
import {
  type ApprovalDecisionLine,
  type ApprovalRequestLine,
  type InterruptLine,
  parseExitMarker,
  type SteerLine,
} from "./protocol.js";

/** Plain text written by the model. */
export interface TextBlock {
  type: "text";
  text: string;
}

/** The model asking to run a tool. */
export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** What a tool returned, sent back to the model. */
export interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  /** A string, or content blocks (usually text). */
  content: string | ContentBlock[];
  is_error?: boolean;
}

/** Extended thinking, when the model emits it. */
export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
}

/** A content block of a type this SDK does not know; `data` is the block as it was. */
export interface UnknownBlock {
  type: "unknown";
  data: unknown;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock | UnknownBlock;

/** `system` events; `subtype: "init"` carries the session, cwd, tools and model. */
export interface SystemEvent {
  type: "system";
  subtype: string;
  session_id?: string;
  cwd?: string;
  model?: string;
  tools?: string[];
  permissionMode?: string;
  claude_code_version?: string;
}

/** A message from the model: text and tool calls. */
export interface AssistantEvent {
  type: "assistant";
  message: { role?: "assistant"; content: ContentBlock[]; model?: string; id?: string };
  session_id?: string;
}

/** A message to the model: in `-p` runs these are tool results. */
export interface UserEvent {
  type: "user";
  message: { role?: "user"; content: ContentBlock[] };
  session_id?: string;
}

/** The last event of a run: final text, turns, duration and cost. */
export interface ResultEvent {
  type: "result";
  /** `success`, `error_max_turns`, `error_during_execution`, ... */
  subtype: string;
  is_error: boolean;
  result?: string;
  num_turns?: number;
  duration_ms?: number;
  duration_api_ms?: number;
  total_cost_usd?: number;
  session_id?: string;
  usage?: Record<string, unknown>;
}

/** The server's `__CLAUDE_EXIT_CODE_N__` marker: one run of claude ended with this exit code. */
export interface ExitEvent {
  type: "exit";
  code: number;
}

/** A line that is not a known event (new type, wrong shape or not JSON), kept verbatim. */
export interface UnknownEvent {
  type: "unknown";
  line: string;
  /** The parsed JSON, when the line was JSON. */
  data?: unknown;
}

/**
 * A run with `approvals` waits for a person: answer it with `tasks.approve` / `tasks.deny`
 * (written to the log by the server's run wrapper, not by claude).
 */
export type ApprovalEvent = ApprovalRequestLine;

/** The answer a waiting run went on with (`by: "timeout"` when nobody answered in time). */
export type ApprovalDecisionEvent = ApprovalDecisionLine;

/** A message sent into the run (`tasks.steer`, or an interrupt's prompt), where Claude took it. */
export type SteerEvent = SteerLine;

/** The run asked claude to stop its current turn (`tasks.interrupt`). */
export type InterruptEvent = InterruptLine;

/** Every event a task's output can contain. Switch on `type`. */
export type StreamEvent =
  | SystemEvent
  | AssistantEvent
  | UserEvent
  | ResultEvent
  | ExitEvent
  | ApprovalEvent
  | ApprovalDecisionEvent
  | SteerEvent
  | InterruptEvent
  | UnknownEvent;

/** Parses a whole output log (or any chunk of complete lines) into events; blank lines are skipped. */
export function parseStreamJson(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const line of text.split("\n")) {
    const event = parseStreamJsonLine(line);
    if (event) events.push(event);
  }
  return events;
}

/** Parses one log line; returns undefined for a blank line. */
export function parseStreamJsonLine(rawLine: string): StreamEvent | undefined {
  const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
  if (line.trim() === "") return undefined;
  const code = parseExitMarker(line);
  if (code !== undefined) return { type: "exit", code };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { type: "unknown", line };
  }
  return toKnownEvent(data) ?? { type: "unknown", line, data };
}

function toKnownEvent(data: unknown): StreamEvent | undefined {
  if (!isRecord(data)) return undefined;
  switch (data.type) {
    case "system":
      return typeof data.subtype === "string" ? (data as unknown as SystemEvent) : undefined;
    case "assistant":
    case "user": {
      if (!isRecord(data.message)) return undefined;
      const content = normalizeContent(data.message.content);
      if (!content) return undefined;
      return { ...data, message: { ...data.message, content } } as unknown as AssistantEvent | UserEvent;
    }
    case "result":
      return typeof data.subtype === "string"
        ? ({ ...data, is_error: data.is_error === true } as unknown as ResultEvent)
        : undefined;
    case "approval":
      return typeof data.approval_id === "string" && typeof data.tool === "string" && isRecord(data.input)
        ? (data as unknown as ApprovalEvent)
        : undefined;
    case "approval_decision":
      return typeof data.approval_id === "string" && (data.decision === "allow" || data.decision === "deny")
        ? (data as unknown as ApprovalDecisionEvent)
        : undefined;
    case "steer":
      return typeof data.steer_id === "string" && typeof data.prompt === "string" ? (data as unknown as SteerEvent) : undefined;
    case "interrupt":
      return typeof data.steer_id === "string" ? (data as unknown as InterruptEvent) : undefined;
    default:
      return undefined;
  }
}

/** Content may be a plain string (older CLIs) or blocks; always returns blocks. */
function normalizeContent(content: unknown): ContentBlock[] | undefined {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) return undefined;
  return content.map(normalizeBlock);
}

function normalizeBlock(block: unknown): ContentBlock {
  if (!isRecord(block)) return { type: "unknown", data: block };
  switch (block.type) {
    case "text":
      if (typeof block.text === "string") return block as unknown as TextBlock;
      break;
    case "thinking":
      if (typeof block.thinking === "string") return block as unknown as ThinkingBlock;
      break;
    case "tool_use":
      if (typeof block.name === "string") {
        return { ...block, id: String(block.id ?? ""), input: isRecord(block.input) ? block.input : {} } as ToolUseBlock;
      }
      break;
    case "tool_result": {
      const content = typeof block.content === "string" ? block.content : (normalizeContent(block.content) ?? "");
      return { ...block, tool_use_id: String(block.tool_use_id ?? ""), content } as ToolResultBlock;
    }
  }
  return { type: "unknown", data: block };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
