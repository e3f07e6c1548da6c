/** Validators for flag values, used as commander argument parsers (errors become exit 2). */

import { readFileSync } from "node:fs";
import path from "node:path";
import type { TaskStatus } from "@claude-task-api/sdk";
import { operations, parameters, schemas } from "@claude-task-api/sdk/contract";
import { InvalidArgumentError } from "commander";
import { z } from "zod";

// Every enum, pattern and limit below is openapi.yaml's, from the SDK's generated contract.
const MAX_LINES = operations.getTaskOutput.parameters.tail.maximum;
const positiveInt = z.coerce.number().int().positive().max(MAX_LINES);
const status = z.enum(schemas.TaskStatus.enum);
const duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)?$/);
const taskId = z.string().regex(new RegExp(parameters.TaskId.pattern));

/** A whole number from 1 to 100000 (for --limit, --tail). */
export function parsePositiveInt(value: string): number {
  const parsed = positiveInt.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_LINES}.`);
  return parsed.data;
}

/** One or more task statuses, comma-separated (for --status), e.g. `running,queued`. */
export function parseStatus(value: string): string {
  const parsed = z.array(status).min(1).safeParse(value.split(","));
  if (!parsed.success) throw new InvalidArgumentError(`expected one or more of ${status.options.join(", ")} (comma-separated).`);
  return [...new Set<TaskStatus>(parsed.data)].join(",");
}

const sort = z.enum(operations.listTasks.parameters.sort.enum);
const search = z.string().trim().min(1).max(operations.listTasks.parameters.q.maxLength);

/** The list's order (for --sort): newest, oldest or cost. */
export function parseSort(value: string): z.output<typeof sort> {
  const parsed = sort.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected one of ${sort.options.join(", ")}.`);
  return parsed.data;
}

/** Search text (for --search): the prompt text or the start of an id. */
export function parseSearch(value: string): string {
  const parsed = search.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`expected 1 to ${operations.listTasks.parameters.q.maxLength} characters of text.`);
  return parsed.data;
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

// Per-task options: openapi.yaml's limits, so mistakes are caught before a request.
const option = schemas.RunOptions.properties;
const modelName = z.string().regex(new RegExp(option.model.pattern));
const toolList = option.allowed_tools;
const toolName = z.string().regex(new RegExp(toolList.items.pattern));
const labelKey = z.string().regex(new RegExp(schemas.Labels.propertyNames.pattern));
const MAX_LABEL_VALUE = schemas.Labels.additionalProperties.maxLength;
const idempotencyKey = z.string().regex(new RegExp(operations.createTask.parameters["idempotency-key"].pattern));
const turns = option.max_turns;
const timeout = option.timeout_seconds;
const systemPrompt = option.append_system_prompt;
const callback = schemas.CreateTaskRequest.properties;

export const PERMISSION_MODES = option.permission_mode.enum;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

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

/** --effort: how hard claude thinks, one of openapi.yaml's levels. */
export const EFFORT_LEVELS = option.effort.enum;
export function parseEffort(value: string): (typeof EFFORT_LEVELS)[number] {
  const level = EFFORT_LEVELS.find((l) => l === value);
  if (!level) throw new InvalidArgumentError(`expected one of ${EFFORT_LEVELS.join(", ")}.`);
  return level;
}

const budget = schemas.BudgetUsd;

/** --budget: US dollars, e.g. 2 or 0.50 (a leading $ is allowed). */
export function parseBudget(value: string): number {
  const usd = Number(value.trim().replace(/^\$/, ""));
  if (value.trim() === "" || !Number.isFinite(usd) || usd < budget.minimum || usd > budget.maximum)
    throw new InvalidArgumentError(`expected US dollars above 0 and at most ${budget.maximum}, e.g. 2 or 0.50.`);
  return usd;
}

/** --add-dir (repeatable): each directory, taken from the current directory like --workdir. */
export function collectDir(value: string, previous: string[] | undefined): string[] {
  if (value.trim() === "" || value.includes("\0")) throw new InvalidArgumentError("expected a directory.");
  return [...(previous ?? []), path.resolve(value)];
}

/** A comma-separated list of tool names or patterns, e.g. `Read,Bash(git:*)`. */
export function parseToolList(value: string): string[] {
  const tools = value
    .split(",")
    .map((tool) => tool.trim())
    .filter((tool) => tool !== "");
  if (tools.length === 0 || tools.length > toolList.maxItems || !tools.every((tool) => toolName.safeParse(tool).success))
    throw new InvalidArgumentError(`expected 1 to ${toolList.maxItems} comma-separated tool names, e.g. Read,Edit,Bash(git:*).`);
  return tools;
}

/** --max-turns: a whole number from 1 to 1000. */
export function parseMaxTurns(value: string): number {
  const parsed = z.coerce.number().int().min(turns.minimum).max(turns.maximum).safeParse(value);
  if (!parsed.success || value.trim() === "")
    throw new InvalidArgumentError(`expected a whole number from ${turns.minimum} to ${turns.maximum}.`);
  return parsed.data;
}

const approvalTimeout = option.approval_timeout_seconds;

/** --approval-timeout: whole seconds, also written as 90s, 30m or 2h. */
export function parseApprovalTimeout(value: string): number {
  return parseWholeSeconds(value, approvalTimeout, "how long an approval may wait, such as 300, 90s, 30m or 2h");
}

const approvalId = z.string().regex(new RegExp(parameters.ApprovalId.pattern));

/** An approval id as the task shows it (`pending_approvals[].approval_id`). */
export function parseApprovalId(value: string): string {
  if (!approvalId.safeParse(value).success)
    throw new InvalidArgumentError("expected an approval id such as ap_0123456789abcdef.");
  return value;
}

/** --input for approve: a JSON object (or @file with one) the tool runs with instead. */
export function parseUpdatedInput(value: string): Record<string, unknown> {
  let text = value;
  if (value.startsWith("@")) {
    try {
      text = readFileSync(value.slice(1), "utf8");
    } catch (err) {
      throw new InvalidArgumentError(
        `cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError("expected a JSON object (or @file holding one).");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError("expected a JSON object (or @file holding one).");
  return parsed as Record<string, unknown>;
}

/** --task-timeout: whole seconds (1 s to 7 days), also written as 90s, 30m or 2h. */
export function parseTaskTimeout(value: string): number {
  return parseWholeSeconds(value, timeout, "a run time limit such as 600, 90s, 30m or 2h");
}

/** A duration that must be whole seconds within the spec's range; `what` names it in errors. */
function parseWholeSeconds(value: string, range: { minimum: number; maximum: number }, what: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new InvalidArgumentError(`expected ${what}.`);
  }
  const seconds = ms / 1000;
  if (!Number.isInteger(seconds) || seconds < range.minimum || seconds > range.maximum) {
    const days = range.maximum % 86_400 === 0 ? ` (${range.maximum / 86_400} days)` : "";
    throw new InvalidArgumentError(
      `expected whole seconds from ${range.minimum} to ${range.maximum}${days}, e.g. 600, 90s, 30m or 2h.`,
    );
  }
  return seconds;
}

/** --append-system-prompt: non-empty text of at most 100000 characters. */
export function parseSystemPromptText(value: string): string {
  if (value.trim() === "" || value.length > systemPrompt.maxLength)
    throw new InvalidArgumentError(`expected non-empty text of at most ${systemPrompt.maxLength} characters.`);
  return value;
}

/** A repeatable `--label key=value`: collects into one object (a later key wins). */
export function collectLabel(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf("=");
  const key = eq === -1 ? value : value.slice(0, eq);
  const labelValue = eq === -1 ? undefined : value.slice(eq + 1);
  if (labelValue === undefined || !labelKey.safeParse(key).success || labelValue.length > MAX_LABEL_VALUE)
    throw new InvalidArgumentError(
      `expected key=value: a key of letters, digits, . _ / - (up to 63, starting with a letter or digit), a value up to ${MAX_LABEL_VALUE} characters.`,
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
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || value.length > callback.callback_url.maxLength)
    throw new InvalidArgumentError("expected an http:// or https:// URL.");
  return value;
}

/** --callback-on: finish or status. */
export function parseCallbackOn(value: string): (typeof callback.callback_on.enum)[number] {
  const on = callback.callback_on.enum.find((v) => v === value);
  if (!on) throw new InvalidArgumentError(`expected ${callback.callback_on.enum.join(" or ")}.`);
  return on;
}

const baseRef = z.string().regex(new RegExp(callback.base_ref.pattern)).max(callback.base_ref.maxLength);
/** Largest output_schema the server takes, as JSON (it becomes one argument of claude). */
const MAX_OUTPUT_SCHEMA_BYTES = 64 * 1024;

/** A branch, tag or commit for --base-ref (checked by the server against the repository). */
export function parseBaseRef(value: string): string {
  if (!baseRef.safeParse(value).success) {
    throw new InvalidArgumentError("expected a branch, tag or commit (no spaces, not starting with -).");
  }
  return value;
}

/** --output-schema FILE: a JSON Schema object read from the file ("-" is not allowed: stdin may carry the prompt). */
export function parseOutputSchemaFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  if (Buffer.byteLength(text) > MAX_OUTPUT_SCHEMA_BYTES * 4) throw new InvalidArgumentError(`${file} is too large for a schema.`);
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(`${file} is not valid JSON.`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new InvalidArgumentError(`${file} must hold a JSON Schema object.`);
  }
  if (Buffer.byteLength(JSON.stringify(schema)) > MAX_OUTPUT_SCHEMA_BYTES) {
    throw new InvalidArgumentError(`the schema in ${file} is over 64 KiB as JSON.`);
  }
  return schema as Record<string, unknown>;
}

const secretName = z.string().regex(new RegExp(schemas.SecretName.pattern));
const mcpServerName = z.string().regex(new RegExp(schemas.McpServerName.pattern));

/** A repeatable `--secret NAME`: the operator's secrets the task's runs get as environment variables. */
export function collectSecret(value: string, previous: string[] | undefined): string[] {
  if (!secretName.safeParse(value).success)
    throw new InvalidArgumentError("expected a secret's name: letters, digits and _, not starting with a digit.");
  return [...(previous ?? []), value];
}

/** A repeatable `--mcp NAME`: MCP servers of the operator's catalog the task's runs load. */
export function collectMcpServer(value: string, previous: string[] | undefined): string[] {
  if (!mcpServerName.safeParse(value).success)
    throw new InvalidArgumentError("expected an MCP server's name: 1-64 letters, digits, _ or -.");
  return [...(previous ?? []), value];
}
