// Chooses the reply for one conversation request: the first matching rule's
// replies[step], else the prompt's directives (see directives.ts). The decision
// depends only on the request, so it works the same across CLI processes and
// after `--resume`.

import { findTurn } from "./conversation.js";
import { directiveReplies } from "./directives.js";
import type { Matcher, Reply, Rule } from "./types.js";
import { extractWorkingDirectory } from "./working-directory.js";

export interface Decision {
  prompt: string;
  step: number;
  reply: Reply;
  source: "rule" | "directives";
}

const DONE: Reply = { text: "done" };

export function matches(matcher: Matcher, prompt: string): boolean {
  if (typeof matcher === "string") return prompt.includes(matcher);
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
    return matcher.test(prompt);
  }
  return matcher(prompt);
}

export function decide(body: { messages?: unknown }, rules: readonly Rule[]): Decision {
  const { prompt, step } = findTurn(body.messages) ?? { prompt: "", step: 0 };
  const rule = rules.find((r) => matches(r.match, prompt));
  if (rule) return { prompt, step, reply: rule.replies[step] ?? DONE, source: "rule" };
  // No fallback to our own cwd: a relative path then reaches the CLI's Write tool,
  // which rejects it visibly, instead of files landing in the model's directory.
  const replies = directiveReplies(prompt, extractWorkingDirectory(body, ""));
  return { prompt, step, reply: replies[step] ?? DONE, source: "directives" };
}
