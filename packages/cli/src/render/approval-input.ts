/**
 * The whole input of a tool use that waits for approval, as a person must see it before saying
 * yes: every field, nothing cut. A one-line summary cut at 80 characters let the part after the
 * cut (or after a carriage return) decide what was really approved. Long lines are folded to the
 * terminal's width; a folded part starts with `↪`, so it never reads as a new line of a command.
 */
import type { PendingApproval } from "@claude-task-api/sdk";
import { safeText } from "./safe-text.js";
import type { Style } from "./style.js";

const INDENT = "    ";
const FOLD_MARK = "↪ ";
const FALLBACK_WIDTH = 80;
const MIN_TEXT_WIDTH = 20;

/** Lines that show the approval's tool, id and every input field in full (folded to `width`). */
export function renderApprovalInput(
  approval: Pick<PendingApproval, "approval_id" | "tool" | "input">,
  style: Style,
  width: number | undefined,
): string[] {
  const columns = width && width > 0 ? width : FALLBACK_WIDTH;
  const lines = [
    `${style.yellow("?")} ${style.bold(safeText(approval.tool))} asks to run with (${safeText(approval.approval_id)}):`,
  ];
  const entries = Object.entries(approval.input);
  if (entries.length === 0) lines.push(`${INDENT}${style.dim("(no input)")}`);
  for (const [key, value] of entries) {
    lines.push(`${INDENT}${style.dim(`${safeText(key)}:`)}`);
    const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
    for (const line of foldText(safeText(text ?? "undefined"), columns - INDENT.length * 2))
      lines.push(`${INDENT}${INDENT}${line}`);
  }
  return lines;
}

/**
 * Splits text at its newlines, then folds each line into parts of at most `width` characters;
 * every part after the first of a line starts with the fold mark. Nothing is left out.
 */
export function foldText(text: string, width: number): string[] {
  const size = Math.max(MIN_TEXT_WIDTH, width) - FOLD_MARK.length;
  const rows: string[] = [];
  for (const line of text.split("\n")) {
    const chars = [...line];
    rows.push(chars.slice(0, size).join(""));
    for (let at = size; at < chars.length; at += size) rows.push(FOLD_MARK + chars.slice(at, at + size).join(""));
  }
  return rows;
}
