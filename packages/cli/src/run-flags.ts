/**
 * The per-run claude options shared by `run` and `send` (model, permission mode, tools, turns,
 * system prompt, time limit): declared once, turned into the request's fields once.
 */
import type { RunOptions } from "@claude-task-api/sdk";
import type { Command } from "commander";
import {
  collectDir,
  EFFORT_LEVELS,
  PERMISSION_MODES,
  type PermissionMode,
  parseApprovalTimeout,
  parseEffort,
  parseMaxTurns,
  parseModel,
  parseOutputSchemaFile,
  parsePermissionMode,
  parseSystemPromptText,
  parseTaskTimeout,
  parseToolList,
} from "./flags.js";

/** The parsed flags, as commander names them. */
export interface RunOptionFlags {
  model?: string;
  permissionMode?: PermissionMode;
  allowedTools?: string[];
  disallowedTools?: string[];
  maxTurns?: number;
  appendSystemPrompt?: string;
  taskTimeout?: number;
  outputSchema?: Record<string, unknown>;
  approvals?: boolean;
  approvalTimeout?: number;
  effort?: (typeof EFFORT_LEVELS)[number];
  fallbackModel?: string;
  addDir?: string[];
}

/** Adds the run option flags to a command. */
export function addRunOptionFlags(command: Command): Command {
  return command
    .option("--model <name>", "claude model for the run, e.g. sonnet or claude-sonnet-4-5", parseModel)
    .option("--permission-mode <mode>", PERMISSION_MODES.join(", "), parsePermissionMode)
    .option("--effort <level>", `how hard claude thinks: ${EFFORT_LEVELS.join(", ")}`, parseEffort)
    .option("--fallback-model <name>", "the model claude switches to when the main one is overloaded", parseModel)
    .option("--add-dir <dir>", "another directory claude may work in, inside the server's WORKDIR_ROOT (repeatable)", collectDir)
    .option("--allowed-tools <list>", "tools claude may use without asking, comma-separated: Read,Bash(git:*)", parseToolList)
    .option("--disallowed-tools <list>", "tools claude may not use, comma-separated", parseToolList)
    .option("--max-turns <n>", "stop the run after n turns (1-1000)", parseMaxTurns)
    .option("--append-system-prompt <text>", "text added to claude's system prompt", parseSystemPromptText)
    .option(
      "--task-timeout <seconds>",
      "the server kills the run after this long (600, 30m, 2h); --timeout is for waiting",
      parseTaskTimeout,
    )
    .option(
      "--output-schema <file>",
      "a JSON Schema file: Claude must answer with matching JSON (result.structured_output)",
      parseOutputSchemaFile,
    )
    .option(
      "--approvals",
      "ask before tool uses the permission mode does not allow by itself (implies --permission-mode default); answer with approve/deny, or inline with --follow",
    )
    .option(
      "--approval-timeout <duration>",
      "with --approvals: deny an approval nobody answers in this long (300, 5m)",
      parseApprovalTimeout,
    );
}

/** The request fields for the flags given (none for flags left out). */
export function runOptionsFrom(flags: RunOptionFlags): RunOptions {
  const options: RunOptions = {};
  if (flags.model !== undefined) options.model = flags.model;
  if (flags.permissionMode !== undefined) options.permission_mode = flags.permissionMode;
  if (flags.allowedTools !== undefined) options.allowed_tools = flags.allowedTools;
  if (flags.disallowedTools !== undefined) options.disallowed_tools = flags.disallowedTools;
  if (flags.maxTurns !== undefined) options.max_turns = flags.maxTurns;
  if (flags.appendSystemPrompt !== undefined) options.append_system_prompt = flags.appendSystemPrompt;
  if (flags.taskTimeout !== undefined) options.timeout_seconds = flags.taskTimeout;
  if (flags.outputSchema !== undefined) options.output_schema = flags.outputSchema;
  if (flags.approvals) {
    options.approvals = true;
    // The server's default mode is often bypassPermissions, which never asks.
    options.permission_mode ??= "default";
  }
  if (flags.approvalTimeout !== undefined) options.approval_timeout_seconds = flags.approvalTimeout;
  if (flags.effort !== undefined) options.effort = flags.effort;
  if (flags.fallbackModel !== undefined) options.fallback_model = flags.fallbackModel;
  if (flags.addDir !== undefined) options.add_dirs = flags.addDir;
  return options;
}
