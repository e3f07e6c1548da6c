/**
 * `-o json` and `-o jsonpath=EXPR` (kubectl's habit): select fields from the JSON a command
 * prints. EXPR is kubectl-style (`{.tasks[*].task_id}`) or plain JSONPath (`$.tasks[*].task_id`);
 * each match prints on its own line, strings as they are, anything else as compact JSON.
 */
import { JSONPath } from "jsonpath-plus";
import { UsageError } from "../errors.js";
import { safeForStream, safeJson } from "./safe-text.js";

export type OutputFormat = { kind: "json" } | { kind: "jsonpath"; path: string };

/** Parses the value of -o/--output. */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === "json") return { kind: "json" };
  const match = /^jsonpath=(.+)$/s.exec(value);
  if (!match) throw new UsageError(`-o ${value}: use json or jsonpath=EXPR (e.g. -o jsonpath='{.tasks[*].task_id}')`);
  let path = (match[1] as string).trim();
  // kubectl wraps the expression in braces and starts it with a dot.
  if (path.startsWith("{") && path.endsWith("}")) path = path.slice(1, -1).trim();
  if (path.startsWith(".")) path = `$${path}`;
  if (!path.startsWith("$")) path = `$.${path}`;
  try {
    JSONPath({ path, json: {}, wrap: true });
  } catch (error) {
    throw new UsageError(`-o jsonpath: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { kind: "jsonpath", path };
}

/**
 * The text to print for `value` in this format (ends with a newline unless nothing matched).
 * JSON reads harmlessly on a terminal and parses the same; a string a jsonpath selects is printed
 * as it is into a pipe, and made safe on a terminal (it may be the model's text).
 */
export function formatOutput(format: OutputFormat | undefined, value: unknown, terminal?: boolean): string {
  if (format?.kind !== "jsonpath") return `${safeJson(JSON.stringify(value, null, 2))}\n`;
  const matches = JSONPath({ path: format.path, json: value as object, wrap: true }) as unknown[];
  const text = (match: unknown) => (typeof match === "string" ? safeForStream(match, terminal) : safeJson(JSON.stringify(match)));
  return matches.map((match) => `${text(match)}\n`).join("");
}
