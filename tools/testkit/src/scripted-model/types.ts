// Public types of the scripted model. Kept in one file so that test authors can
// read the whole contract at a glance.

/** Final assistant text; ends the turn (stop_reason "end_turn"). */
export interface TextReply {
  text: string;
}

/** One tool call; the CLI runs the tool and sends its tool_result in the next request. */
export interface ToolUseReply {
  toolUse: { name: string; input: Record<string, unknown> };
}

/**
 * An HTTP error in the Messages API's error shape. The model answers with
 * `x-should-retry: false`, so the CLI fails at once instead of retrying 5xx/429
 * ten times with backoff (minutes). On a 400 the CLI still retries a few times
 * with altered request options (seen: 6 requests); all get the same error.
 */
export interface ErrorReply {
  error: { status: number; message?: string };
}

/** What the model answers for one step; `delayMs` waits before answering. */
export type Reply = (TextReply | ToolUseReply | ErrorReply) & { delayMs?: number };

/** `string`: the prompt contains it; `RegExp`: it matches the prompt. */
export type Matcher = string | RegExp | ((prompt: string) => boolean);

/** `replies[step]` answers step `step` of a turn; past the end the model says "done". */
export interface Rule {
  match: Matcher;
  replies: Reply[];
}

/** What a recorded request was, as the model understood it. */
export type RequestKind = "conversation" | "side" | "count_tokens" | "probe" | "unknown";

export interface RecordedRequest {
  method: string;
  /** URL path with query, e.g. `/v1/messages?beta=true`. */
  path: string;
  /** Lower-cased request headers (e.g. `x-claude-code-session-id`). */
  headers: Record<string, string | string[] | undefined>;
  kind: RequestKind;
  /** Parsed JSON body, or the raw text if it was not JSON, or null if empty. */
  body: unknown;
  /** For conversation requests: the user's prompt and the step within its turn. */
  prompt?: string;
  step?: number;
  receivedAt: number;
}

export interface ScriptedModelOptions {
  /** 0 or absent: a free port. */
  port?: number;
  rules?: Rule[];
  /** Called with one human-readable line per request. */
  log?: (line: string) => void;
}

export interface ScriptedModel {
  /** `http://127.0.0.1:PORT`; use as ANTHROPIC_BASE_URL. */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Replace the rules; applies to the next request. */
  setRules(rules: Rule[]): void;
  /** Stop listening, end open connections and pending delays. Idempotent. */
  close(): Promise<void>;
}
