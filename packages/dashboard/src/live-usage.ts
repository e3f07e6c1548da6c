/**
 * What the run in progress has used so far, from its log: claude reports cost only in the
 * run's last event, but every assistant message carries its model turn's token usage. Counted
 * per message id (claude writes one event per content block of a message, each with the usage).
 */
import type { StreamEvent } from "@claude-task-api/sdk";

export interface LiveUsage {
  turns: number;
  inputTokens: number;
  outputTokens: number;
  /** Message ids already counted in this run. */
  seen: ReadonlySet<string>;
}

export const NO_USAGE: LiveUsage = { turns: 0, inputTokens: 0, outputTokens: 0, seen: new Set() };

const tokens = (usage: Record<string, unknown> | undefined, key: string) =>
  typeof usage?.[key] === "number" ? (usage[key] as number) : 0;

/** The usage after `event`; an exit marker ends the run, so the next one starts from nothing. */
export function addUsage(live: LiveUsage, event: StreamEvent): LiveUsage {
  if (event.type === "exit") return NO_USAGE;
  if (event.type !== "assistant") return live;
  const message = event.message as { id?: string; usage?: Record<string, unknown> };
  if (!message.id || live.seen.has(message.id)) return live;
  const usage = message.usage;
  return {
    turns: live.turns + 1,
    // Input counts cached reads and writes too: they are the context each turn sent.
    inputTokens:
      live.inputTokens +
      tokens(usage, "input_tokens") +
      tokens(usage, "cache_read_input_tokens") +
      tokens(usage, "cache_creation_input_tokens"),
    outputTokens: live.outputTokens + tokens(usage, "output_tokens"),
    seen: new Set([...live.seen, message.id]),
  };
}
