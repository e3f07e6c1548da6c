/**
 * stream-json → a transcript people can read: assistant text, tool calls with their key argument,
 * tool results shortened, and each run's result with cost and turns. Stateful only to remember
 * tool names so a result can say which tool it belongs to.
 */
import type { ContentBlock, PendingApproval, ResultEvent, Run, StreamEvent } from "@claude-task-api/sdk";
import { safeView } from "./safe-text.js";
import type { Style } from "./style.js";
import { formatCost, formatDuration, plural } from "./time.js";

const RESULT_MAX_LINES = 4;
const RESULT_MAX_CHARS = 300;
const ARG_MAX_CHARS = 80;

/** The argument that best says what a tool call does, by tool name. */
const KEY_ARGUMENTS: Record<string, string[]> = {
  Bash: ["command"],
  Read: ["file_path"],
  Write: ["file_path"],
  Edit: ["file_path"],
  MultiEdit: ["file_path"],
  NotebookEdit: ["notebook_path"],
  Glob: ["pattern", "path"],
  Grep: ["pattern", "path"],
  LS: ["path"],
  WebFetch: ["url"],
  WebSearch: ["query"],
  Task: ["description"],
};

export class TranscriptRenderer {
  private readonly toolNames = new Map<string, string>();
  /** claude's running cost total per session, so a resumed run shows only what it cost itself. */
  private readonly sessionCosts = new Map<string, number>();
  /** Each finished run's own cost as the server computed it, by what its result event reported. */
  private readonly knownRunCosts = new Map<string, number>();
  /** The text of the last failed result shown, so the final status line need not repeat it. */
  lastError: string | undefined;

  constructor(private readonly style: Style) {}

  /**
   * Learns the task's finished runs, so a result shows that run's own cost even when reading
   * starts in the middle of the log (after --tail, or on a later follow-up).
   */
  knowRuns(runs: readonly Run[] | undefined, sessionId?: string): void {
    for (const run of runs ?? []) {
      if (run.result?.total_cost_usd === undefined) continue;
      this.knownRunCosts.set(resultKey(run.result), run.cost_usd);
      if (sessionId !== undefined) {
        const seen = this.sessionCosts.get(sessionId) ?? 0;
        this.sessionCosts.set(sessionId, Math.max(seen, run.result.total_cost_usd));
      }
    }
  }

  /**
   * Renders one event as zero or more lines of text (without trailing newline). Every string in
   * the event is made safe first (render/safe-text.ts), so the styling added here is the only
   * escape sequence in what it returns.
   */
  render(hostile: StreamEvent): string[] {
    const { style } = this;
    const event = safeView(hostile);
    switch (event.type) {
      case "system":
        if (event.subtype !== "init") return [];
        return [
          style.dim(
            `● session ${event.session_id ?? "?"}${event.model ? ` · ${event.model}` : ""}${event.cwd ? ` · ${event.cwd}` : ""}`,
          ),
        ];
      case "assistant":
        // claude writes a failed API call as a made-up assistant message too; the run's result
        // line says the same, so it is shown once, there.
        if ((event as { is_api_error_message?: unknown }).is_api_error_message === true) return [];
        return event.message.content.flatMap((block) => this.renderAssistantBlock(block));
      case "user":
        return event.message.content.flatMap((block) => this.renderToolResult(block));
      case "result":
        return [this.renderResult(event)];
      case "exit":
        return event.code === 0 ? [] : [style.red(`✗ claude exited with code ${event.code}`)];
      case "approval": {
        const argument = keyArgument(event.tool, event.input);
        return [
          style.yellow(`? ${style.bold(event.tool)}${argument ? ` ${argument}` : ""} waits for approval (${event.approval_id})`),
        ];
      }
      case "approval_decision": {
        const how = event.by === "timeout" ? " (no answer in time)" : "";
        const line = `${event.decision === "allow" ? "✓ allowed" : "✗ denied"} ${event.tool ?? "tool"}${how}${event.message ? `: ${event.message}` : ""}`;
        return [event.decision === "allow" ? style.green(line) : style.red(line)];
      }
      case "steer":
        return [style.cyan(`» ${event.kind === "interrupt" ? "redirected" : "steered"}: ${shorten(event.prompt, 3, 200)}`)];
      case "interrupt":
        return [style.magenta("■ interrupt: the current turn stops")];
      case "unknown":
        return [style.dim(`· ${describeUnknown(event.data, event.line)}`)];
    }
  }

  private renderAssistantBlock(block: ContentBlock): string[] {
    const { style } = this;
    switch (block.type) {
      case "text":
        return block.text.trim() === "" ? [] : [block.text.trimEnd()];
      case "thinking":
        return [style.dim(`(thinking) ${shorten(block.thinking, 1, 120)}`)];
      case "tool_use": {
        this.toolNames.set(block.id, block.name);
        const argument = keyArgument(block.name, block.input);
        return [`${style.cyan("→")} ${style.bold(block.name)}${argument ? ` ${style.dim(argument)}` : ""}`];
      }
      default:
        return [];
    }
  }

  private renderToolResult(block: ContentBlock): string[] {
    if (block.type !== "tool_result") return [];
    const text =
      typeof block.content === "string" ? block.content : block.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
    const name = this.toolNames.get(block.tool_use_id) ?? "tool";
    const body = shorten(text, RESULT_MAX_LINES, RESULT_MAX_CHARS) || "(no output)";
    const paint = block.is_error ? this.style.red : this.style.dim;
    const [first = "", ...rest] = body.split("\n");
    return [paint(`  ← ${name}: ${first}`), ...rest.map((line) => paint(`    ${line}`))];
  }

  private renderResult(event: ResultEvent): string {
    const facts = [
      event.duration_ms === undefined ? undefined : formatDuration(event.duration_ms),
      event.num_turns === undefined ? undefined : plural(event.num_turns, "turn"),
      event.total_cost_usd === undefined ? undefined : formatCost(this.ownCost(event)),
    ].filter(Boolean);
    const stats = facts.length ? ` (${facts.join(" · ")})` : "";
    if (event.is_error) {
      // claude reports some failures as `subtype: "success"` with is_error: the flag decides.
      const why = event.subtype === "error_max_turns" ? "max turns reached" : event.result;
      this.lastError = event.result;
      return this.style.red(`✗ run failed${why ? `: ${shorten(why, 3, 300)}` : ""}${stats}`);
    }
    // Not "done": the command's last line says how the whole task ended.
    return this.style.green(`✓ run finished${stats}`);
  }

  /** The run's own cost: the server's figure when known, else the increase of the session's running total. */
  private ownCost(event: ResultEvent): number {
    const reported = event.total_cost_usd ?? 0;
    const known = this.knownRunCosts.get(resultKey(event));
    const previous = event.session_id === undefined ? undefined : this.sessionCosts.get(event.session_id);
    if (event.session_id !== undefined) this.sessionCosts.set(event.session_id, reported);
    if (known !== undefined) return known;
    return previous === undefined || reported < previous ? reported : reported - previous;
  }
}

/** Identifies one run's result event by what it reported (its running total, duration and turns). */
function resultKey(result: {
  total_cost_usd?: number | undefined;
  duration_ms?: number | undefined;
  num_turns?: number | undefined;
}): string {
  return `${result.total_cost_usd}|${result.duration_ms}|${result.num_turns}`;
}

/** The key argument of a tool call, shortened, e.g. `src/app.ts` for Write. */
export function keyArgument(tool: string, input: Record<string, unknown>): string {
  const names =
    KEY_ARGUMENTS[tool] ??
    Object.keys(input)
      .filter((key) => typeof input[key] === "string")
      .slice(0, 1);
  const values = names.map((name) => input[name]).filter((value): value is string => typeof value === "string" && value !== "");
  // One line whatever the input: a command's further lines show as ⏎, and the cut as …
  return shorten(values.join(" ").replace(/\s*\n\s*/g, " ⏎ "), 1, ARG_MAX_CHARS);
}

/**
 * How a pending approval reads on one line: id, tool and its key argument, made safe (shortened
 * visibly; renderApprovalInput shows it whole).
 */
export function describeApproval(hostile: PendingApproval): string {
  const approval = safeView(hostile);
  const argument = keyArgument(approval.tool, approval.input);
  return `${approval.approval_id} (${approval.tool}${argument ? ` ${argument}` : ""})`;
}

/** Keeps at most `maxLines` lines and `maxChars` characters, saying how much was cut. */
export function shorten(text: string, maxLines: number, maxChars: number): string {
  const trimmed = text.trim();
  const lines = trimmed.split("\n");
  let kept = lines.slice(0, maxLines).join("\n");
  if (kept.length > maxChars) kept = `${kept.slice(0, maxChars - 1)}…`;
  const hidden = lines.length - Math.min(lines.length, maxLines);
  return hidden > 0 ? `${kept}\n… ${hidden} more line${hidden === 1 ? "" : "s"}` : kept;
}

function describeUnknown(data: unknown, line: string): string {
  const type = (data as { type?: unknown } | undefined)?.type;
  return typeof type === "string" ? `${type} event` : shorten(line, 1, 120);
}
