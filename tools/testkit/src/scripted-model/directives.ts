// Default behaviour when no rule matches: the prompt steers the model with
// directive lines, so a CLI run in another process (or a person trying the demo)
// can script the model without access to its rules.
//
//   @sleep <ms>              wait <ms> before the next answer
//   @write <path> <content>  Write tool call; <path> relative to the CLI's cwd (or
//                            absolute); <content> = rest of the line, `\n` = newline
//   @bash <command>          Bash tool call running the rest of the line
//   @tool <Name> <json>      any tool call, e.g. @tool Read {"file_path":"/etc/hostname"}
//   @fail <status> [message] HTTP error; the CLI ends with is_error and exit code 1
//   @reply <text>            final text (rest of the line, `\n` = newline)
//
// A directive is a line starting with one of these words (leading blanks allowed);
// other lines are ordinary prompt text. Directives run in order, one per step.
// `@reply` and `@fail` end the turn, so lines after them are never reached.
// Without `@reply`/`@fail` the turn ends with "done" after tool calls, or with
// "Scripted reply to: <first 200 characters of the prompt>" if there were none.

import { isAbsolute, resolve } from "node:path";
import type { Reply } from "./types.js";

const LINE = /^[ \t]*@(sleep|write|bash|tool|fail|reply)(?:[ \t]+(.*?))?[ \t]*$/;

function expandNewlines(text: string): string {
  return text.replace(/\\n/g, "\n");
}

/** One directive line to a reply, a pending delay, or an explanation of a mistake. */
function parseLine(name: string, arg: string, cwd: string): Reply | { sleep: number } {
  const bad = (why: string): Reply => ({ text: `Scripted model: bad directive @${name} ${arg}: ${why}` });
  switch (name) {
    case "sleep": {
      const ms = Number(arg);
      return Number.isFinite(ms) && ms >= 0 && arg !== "" ? { sleep: ms } : bad("expected milliseconds");
    }
    case "write": {
      const [, path, content = ""] = /^(\S+)(?:[ \t](.*))?$/.exec(arg) ?? [];
      if (!path) return bad("expected a path");
      const file_path = isAbsolute(path) || cwd === "" ? path : resolve(cwd, path);
      return { toolUse: { name: "Write", input: { file_path, content: expandNewlines(content) } } };
    }
    case "bash":
      return arg
        ? { toolUse: { name: "Bash", input: { command: arg, description: "Scripted command" } } }
        : bad("expected a command");
    case "tool": {
      const [, tool, json = "{}"] = /^(\S+)(?:[ \t]+(.*))?$/.exec(arg) ?? [];
      if (!tool) return bad("expected a tool name");
      try {
        const input: unknown = JSON.parse(json);
        if (typeof input !== "object" || input === null || Array.isArray(input)) return bad("input must be a JSON object");
        return { toolUse: { name: tool, input: input as Record<string, unknown> } };
      } catch {
        return bad("input is not valid JSON");
      }
    }
    case "fail": {
      const [, status, message] = /^(\d{3})(?:[ \t]+(.*))?$/.exec(arg) ?? [];
      return status ? { error: { status: Number(status), ...(message ? { message } : {}) } } : bad("expected an HTTP status");
    }
    default:
      return { text: expandNewlines(arg) };
  }
}

/** The replies for each step of a turn whose prompt is `prompt`, acting in `cwd` ('' = unknown). */
export function directiveReplies(prompt: string, cwd: string): Reply[] {
  const replies: Reply[] = [];
  let delayMs: number | undefined;
  let ended = false;
  for (const line of prompt.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m || ended) continue;
    const parsed = parseLine(m[1] as string, m[2] ?? "", cwd);
    if ("sleep" in parsed) {
      delayMs = (delayMs ?? 0) + parsed.sleep;
      continue;
    }
    replies.push(delayMs === undefined ? parsed : { ...parsed, delayMs });
    delayMs = undefined;
    ended = !("toolUse" in parsed);
  }
  if (!ended) {
    const text = replies.length > 0 ? "done" : `Scripted reply to: ${prompt.slice(0, 200)}`;
    replies.push(delayMs === undefined ? { text } : { text, delayMs });
  }
  return replies;
}
