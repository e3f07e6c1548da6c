/** Validators for flag values, used as commander argument parsers (errors become exit 2). */
import type { TaskStatus } from "@claude-task-api/sdk";
import { InvalidArgumentError } from "commander";
import { z } from "zod";

const positiveInt = z.coerce.number().int().positive().max(100_000);
const status = z.enum(["queued", "running", "completed", "error", "killed"]);
const duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)?$/);
const taskId = z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/);

/** A whole number from 1 to 100000 (for --limit, --tail). */
export function parsePositiveInt(value: string): number {
  const parsed = positiveInt.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError("expected a whole number from 1 to 100000.");
  return parsed.data;
}

/** One or more task statuses, comma-separated (for --status), e.g. `running,queued`. */
export function parseStatus(value: string): string {
  const parsed = z.array(status).min(1).safeParse(value.split(","));
  if (!parsed.success) throw new InvalidArgumentError(`expected one or more of ${status.options.join(", ")} (comma-separated).`);
  return [...new Set<TaskStatus>(parsed.data)].join(",");
}

/** A duration in milliseconds from "90", "90s", "500ms", "5m" or "1h" (plain numbers are seconds). */
export function parseDuration(value: string): number {
  if (!duration.safeParse(value).success) throw new InvalidArgumentError("expected a duration such as 90, 90s, 5m or 1h.");
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value) as RegExpExecArray;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  const ms = Number(match[1]) * unit;
  if (ms <= 0) throw new InvalidArgumentError("expected a duration above zero.");
  return ms;
}

/** A task id as the server makes them (`{unix seconds}-{8 hex digits}`); catches typos before a request. */
export function parseTaskId(value: string): string {
  if (!taskId.safeParse(value).success) throw new InvalidArgumentError("expected a task id like 1707000000-a1b2c3d4.");
  return value;
}

// Per-task options: the same limits as openapi.yaml, so mistakes are caught before a request.
const modelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/);
// biome-ignore lint/suspicious/noControlCharactersInRegex: the spec's pattern excludes control characters
const toolName = z.string().regex(/^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/);
const labelKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/);
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/);

export const PERMISSION_MODES = ["default", "acceptEdits", "plan", "bypassPermissions"] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];
const MAX_TASK_TIMEOUT_SECONDS = 604_800;

/** A claude model name or alias, e.g. `sonnet` or `claude-sonnet-4-5`. */
export function parseModel(value: string): string {
  if (!modelName.safeParse(value).success)
    throw new InvalidArgumentError("expected a model name such as sonnet or claude-sonnet-4-5 (letters, digits, . _ : [ ] -).");
  return value;
}

/** One of claude's permission modes. */
export function parsePermissionMode(value: string): PermissionMode {
  const mode = PERMISSION_MODES.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`expected one of ${PERMISSION_MODES.join(", ")}.`);
  return mode;
}

/** A comma-separated list of tool names or patterns, e.g. `Read,Bash(git:*)`. */
export function parseToolList(value: string): string[] {
  const tools = value
    .split(",")
    .map((tool) => tool.trim())
    .filter((tool) => tool !== "");
  if (tools.length === 0 || tools.length > 100 || !tools.every((tool) => toolName.safeParse(tool).success))
    throw new InvalidArgumentError("expected 1 to 100 comma-separated tool names, e.g. Read,Edit,Bash(git:*).");
  return tools;
}

/** --max-turns: a whole number from 1 to 1000. */
export function parseMaxTurns(value: string): number {
  const parsed = z.coerce.number().int().min(1).max(1000).safeParse(value);
  if (!parsed.success || value.trim() === "") throw new InvalidArgumentError("expected a whole number from 1 to 1000.");
  return parsed.data;
}

/** --task-timeout: whole seconds (1 s to 7 days), also written as 90s, 30m or 2h. */
export function parseTaskTimeout(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new InvalidArgumentError("expected a run time limit such as 600, 90s, 30m or 2h.");
  }
  const seconds = ms / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TASK_TIMEOUT_SECONDS)
    throw new InvalidArgumentError("expected whole seconds from 1 to 604800 (7 days), e.g. 600, 90s, 30m or 2h.");
  return seconds;
}

/** --append-system-prompt: non-empty text of at most 100000 characters. */
export function parseSystemPromptText(value: string): string {
  if (value.trim() === "" || value.length > 100_000)
    throw new InvalidArgumentError("expected non-empty text of at most 100000 characters.");
  return value;
}

/** A repeatable `--label key=value`: collects into one object (a later key wins). */
export function collectLabel(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf("=");
  const key = eq === -1 ? value : value.slice(0, eq);
  const labelValue = eq === -1 ? undefined : value.slice(eq + 1);
  if (labelValue === undefined || !labelKey.safeParse(key).success || labelValue.length > 256)
    throw new InvalidArgumentError(
      "expected key=value: a key of letters, digits, . _ / - (up to 63, starting with a letter or digit), a value up to 256 characters.",
    );
  return { ...previous, [key]: labelValue };
}

/** --idempotency-key: 1 to 255 printable ASCII characters without spaces. */
export function parseIdempotencyKey(value: string): string {
  if (!idempotencyKey.safeParse(value).success)
    throw new InvalidArgumentError("expected 1 to 255 printable ASCII characters without spaces.");
  return value;
}

/** --callback-url: an absolute http(s) URL. */
export function parseCallbackUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || value.length > 2048)
    throw new InvalidArgumentError("expected an http:// or https:// URL.");
  return value;
}

/** --callback-on: finish or status. */
export function parseCallbackOn(value: string): "finish" | "status" {
  if (value !== "finish" && value !== "status") throw new InvalidArgumentError("expected finish or status.");
  return value;
}
