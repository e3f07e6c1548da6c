/**
 * Server-wide limits on the per-task options. The HTTP layer checks shapes and ranges; these
 * are the operator's policy (which permission modes are allowed at all, the longest timeout)
 * and what the kernel lets us pass to claude. They are checked when a request arrives and
 * again, on the options a run really gets, at every launch: a restart with a narrower policy
 * must not let stored options through.
 */
import { schemas } from "@claude-task-api/sdk/contract";
import type { PermissionMode } from "../../config-env.js";
import { AppError } from "../../errors.js";
import type { RunOptions } from "../task-model.js";
import { checkOutputSchemaSize, outputSchemaProblem } from "./structured-output.js";

export interface OptionLimits {
  allowedPermissionModes: readonly PermissionMode[];
  maxTimeoutSeconds: number;
  /** Applied to runs that set no timeout; undefined means none. */
  defaultTimeoutSeconds: number | undefined;
  /** The longest an approval may wait, and the wait of runs that set none; undefined: no limit. */
  maxApprovalTimeoutSeconds?: number | undefined;
}

/** Permission modes in which claude asks before some tool uses (bypassPermissions never asks). */
const ASKING_MODES: readonly PermissionMode[] = schemas.AskingPermissionMode.enum;

/**
 * Linux refuses to exec a program with any single argument of MAX_ARG_STRLEN (32 pages,
 * 131,072 bytes) or more, counting its terminating NUL.
 */
export const MAX_ARGUMENT_BYTES = 131_071;

/** The options without unset entries. */
export const withoutUnset = (options: RunOptions): RunOptions =>
  Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as RunOptions;

/**
 * A pre-allowed tool (`--allowedTools`) runs without the approval the permission mode would
 * ask for, and claude 2.1.328 applies it beyond the workdir too (a pre-allowed Read read a file
 * outside it, a Write under acceptEdits wrote outside it): every entry is a grant of what only
 * bypassPermissions gives. So when the operator leaves bypassPermissions out, allowed_tools is
 * refused whatever it names (a tool that never asks gains nothing from it anyway).
 */
function allowedToolsProblem(options: RunOptions, limits: OptionLimits): string | undefined {
  const [first] = options.allowed_tools ?? [];
  if (first === undefined || limits.allowedPermissionModes.includes("bypassPermissions")) return undefined;
  return `allowed_tools may not pre-allow ${first} on this server: ALLOWED_PERMISSION_MODES (${limits.allowedPermissionModes.join(", ")}) leaves out bypassPermissions, and a pre-allowed tool runs without the approval those modes ask for`;
}

/**
 * Why `options` (as a run would get them, defaults included) break the operator's policy or
 * cannot be passed to claude; undefined when they are fine.
 */
export function optionProblem(
  options: RunOptions,
  limits: OptionLimits,
  defaultPermissionMode: PermissionMode,
): string | undefined {
  const mode = options.permission_mode ?? defaultPermissionMode;
  if (!limits.allowedPermissionModes.includes(mode)) {
    return `permission_mode ${mode} is not allowed on this server (allowed: ${limits.allowedPermissionModes.join(", ")})`;
  }
  const preAllowed = allowedToolsProblem(options, limits);
  if (preAllowed) return preAllowed;
  if (options.timeout_seconds !== undefined && options.timeout_seconds > limits.maxTimeoutSeconds) {
    return `timeout_seconds ${options.timeout_seconds} is over this server's limit of ${limits.maxTimeoutSeconds}`;
  }
  if (options.approvals && !ASKING_MODES.includes(mode)) {
    return `approvals need permission_mode ${ASKING_MODES.join(", ")} (the run would use ${mode}, which never asks)`;
  }
  const approvalTimeout = options.approval_timeout_seconds;
  if (
    approvalTimeout !== undefined &&
    limits.maxApprovalTimeoutSeconds !== undefined &&
    approvalTimeout > limits.maxApprovalTimeoutSeconds
  ) {
    return `approval_timeout_seconds ${approvalTimeout} is over this server's limit of ${limits.maxApprovalTimeoutSeconds}`;
  }
  const schemaProblem = outputSchemaProblem(options.output_schema);
  if (schemaProblem) return schemaProblem;
  for (const flag of claudeFlags(options, { permissionMode: defaultPermissionMode })) {
    const name = flag.slice(0, flag.indexOf("=") === -1 ? undefined : flag.indexOf("="));
    if (flag.includes("\0")) return `${name} must not contain NUL characters`;
    const bytes = Buffer.byteLength(flag);
    if (bytes > MAX_ARGUMENT_BYTES) {
      return `${name} is ${bytes} bytes as an argument; the system allows at most ${MAX_ARGUMENT_BYTES}`;
    }
  }
  return undefined;
}

/** Checks a request's options (merged over what it inherits) against the limits; throws a 400-class AppError. */
export function checkOptions(effective: RunOptions, limits: OptionLimits, defaultPermissionMode: PermissionMode): void {
  checkOutputSchemaSize(effective.output_schema);
  const problem = optionProblem(effective, limits, defaultPermissionMode);
  if (problem) throw new AppError("validation_failed", problem);
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
  if (options.effort) flags.push(`--effort=${options.effort}`);
  if (options.fallback_model) flags.push(`--fallback-model=${options.fallback_model}`);
  // Resolved, confined paths (tasks/lifecycle/add-dirs.ts), one flag each.
  for (const dir of options.add_dirs ?? []) flags.push(`--add-dir=${dir}`);
  // Permission requests come to the run wrapper as control messages on stdout, and its answers
  // go to claude's stdin as stream-json (as every prompt does, see RunLauncher.claudeArgs).
  if (options.approvals) flags.push("--permission-prompt-tool=stdio");
  return flags;
}
