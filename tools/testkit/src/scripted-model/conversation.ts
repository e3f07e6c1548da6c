// Locates "the prompt" of the current turn in a Messages API request.
//
// What claude 2.1.328 sends: the user's prompt verbatim as its own text block,
// after separate `<system-reminder>` text blocks (attribution notes, file-change
// notices, background-task notifications). Consecutive user entries are merged
// into one message, so after `/compact` the summary, command echo and the next
// prompt are successive text blocks of a single message: the prompt is the LAST
// such block. Tool results come back as user messages with tool_result blocks,
// sometimes plus CLI-written text (ToolSearch adds "Tool loaded."), so messages
// holding a tool_result carry a prompt only after an interrupt (see userText).
// The number of assistant messages after the prompt's message tells how far into
// the turn we are.

interface Block {
  type?: unknown;
  text?: unknown;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

export interface Turn {
  prompt: string;
  /** Assistant messages after the prompt: 0 for the first answer of the turn. */
  step: number;
}

const REMINDER = "<system-reminder>";
/** What claude writes into the conversation where an interrupt stopped a turn. */
const INTERRUPTED = "[Request interrupted by user";

/** The user's own text in one message, or undefined if it holds none (or is a tool result). */
export function userText(content: unknown): string | undefined {
  if (typeof content === "string") {
    return content.trimStart().startsWith(REMINDER) ? undefined : content;
  }
  if (!Array.isArray(content)) return undefined;
  const texts = (content as Block[])
    .filter((b) => b?.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .filter((t) => !t.trimStart().startsWith(REMINDER));
  if ((content as Block[]).some((b) => b?.type === "tool_result")) {
    // A prompt sent after an interrupt stopped a tool use is merged into the tool result's
    // message, after claude's "[Request interrupted by user ...]" block.
    const interrupted = texts.findIndex((t) => t.startsWith(INTERRUPTED));
    return interrupted === -1 ? undefined : texts.slice(interrupted + 1).at(-1);
  }
  return texts.filter((t) => !t.startsWith(INTERRUPTED)).at(-1);
}

export function findTurn(messages: unknown): Turn | undefined {
  if (!Array.isArray(messages)) return undefined;
  const list = messages as Message[];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m?.role !== "user") continue;
    const prompt = userText(m.content);
    if (prompt === undefined) continue;
    const step = list.slice(i + 1).filter((x) => x?.role === "assistant").length;
    return { prompt, step };
  }
  return undefined;
}
