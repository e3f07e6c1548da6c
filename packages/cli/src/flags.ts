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
