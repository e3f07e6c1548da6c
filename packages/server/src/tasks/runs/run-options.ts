/**
 * Server-wide limits on the per-task options. The HTTP layer checks shapes and ranges; these
 * are the operator's policy (which permission modes are allowed at all, the longest timeout).
 */
import type { PermissionMode } from "../../config.js";
import { AppError } from "../../errors.js";
import type { RunOptions } from "../task-model.js";
import { checkOutputSchemaSize } from "./structured-output.js";

export interface OptionLimits {
  allowedPermissionModes: readonly PermissionMode[];
  maxTimeoutSeconds: number;
  /** Applied to runs that set no timeout; undefined means none. */
  defaultTimeoutSeconds: number | undefined;
}

/** Checks the options against the limits and drops unset ones; throws a 400-class AppError. */
export function applyLimits(options: RunOptions, limits: OptionLimits): RunOptions {
  const clean = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as RunOptions;
  if (clean.permission_mode && !limits.allowedPermissionModes.includes(clean.permission_mode)) {
    throw new AppError(
      "validation_failed",
      `permission_mode ${clean.permission_mode} is not allowed on this server (allowed: ${limits.allowedPermissionModes.join(", ")})`,
    );
  }
  if (clean.timeout_seconds !== undefined && clean.timeout_seconds > limits.maxTimeoutSeconds) {
    throw new AppError("validation_failed", `timeout_seconds must be at most ${limits.maxTimeoutSeconds} on this server`);
  }
  checkOutputSchemaSize(clean.output_schema);
  return clean;
}

/** The claude CLI flags for a run's options, as separate argv elements (never through a shell). */
export function claudeFlags(options: RunOptions, defaults: { permissionMode: PermissionMode }): string[] {
  const flags = ["--permission-mode", options.permission_mode ?? defaults.permissionMode];
  // `--flag=value` keeps a value that starts with "-" from being read as another flag.
  if (options.model) flags.push(`--model=${options.model}`);
  if (options.max_turns !== undefined) flags.push(`--max-turns=${options.max_turns}`);
  if (options.allowed_tools?.length) flags.push(`--allowedTools=${options.allowed_tools.join(",")}`);
  if (options.disallowed_tools?.length) flags.push(`--disallowedTools=${options.disallowed_tools.join(",")}`);
  if (options.append_system_prompt) flags.push(`--append-system-prompt=${options.append_system_prompt}`);
  if (options.output_schema) flags.push(`--json-schema=${JSON.stringify(options.output_schema)}`);
  return flags;
}
