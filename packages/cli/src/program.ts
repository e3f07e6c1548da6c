/** The commander program: global options, one registration per command file, help and version. */
import { Command, Option } from "commander";
import type { ActionWrapper } from "./command-kit.js";
import { registerApprovals } from "./commands/approvals.js";
import { registerAudit } from "./commands/audit.js";
import { registerBudget } from "./commands/budget.js";
import { registerCompletion } from "./commands/completion.js";
import { registerConfig } from "./commands/config.js";
import { registerDiff } from "./commands/diff.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerKill } from "./commands/kill.js";
import { registerList } from "./commands/list.js";
import { registerLogin } from "./commands/login.js";
import { registerLogs } from "./commands/logs.js";
import { registerPurge } from "./commands/purge.js";
import { registerRun } from "./commands/run.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerSend } from "./commands/send.js";
import { registerShow } from "./commands/show.js";
import { registerStatus } from "./commands/status.js";
import { registerSteer } from "./commands/steer.js";
import { registerTaskIds } from "./commands/task-ids.js";
import { registerToken } from "./commands/token.js";
import { registerUi } from "./commands/ui.js";
import { registerUsage } from "./commands/usage.js";
import { registerWait } from "./commands/wait.js";
import type { CliIo } from "./io.js";
import { parseOutputFormat } from "./render/output-format.js";
import { VERSION } from "./version.js";

const EXIT_CODES_HELP = `
Exit codes:
  0   success (run --wait / wait / -f: the task completed)
  1   server error or unexpected failure (status: the server is not ready)
  2   usage error: bad command, flag, config file or request
  3   authentication failed, or no token available
  4   task (or schedule) not found
  5   cannot reach the server, or it did not answer in time
  6   conflict: the task does not allow this now (killing a finished task, purging a
      running one, an --idempotency-key reused with a different request, an approval
      already answered or no longer waiting)
  10  the task ended with status "error"      (run --wait, wait, -f)
  11  the task ended with status "killed"     (run --wait, wait, -f)
  12  --timeout elapsed while the task was still running

Settings: --url/--token flags > CLAUDE_TASKS_URL/CLAUDE_API_TOKEN > config profile
(--profile, CLAUDE_TASKS_PROFILE) > defaults; see "claude-tasks config --help".`;

/** Builds the program; `action` turns command bodies into commander actions. */
export function createProgram(io: CliIo, action: ActionWrapper, { jsonErrors = false } = {}): Command {
  // With --json, a usage error is one JSON line too, so a script's parser never sees prose.
  const outputError = (text: string, write: (text: string) => void) =>
    write(jsonErrors ? `${JSON.stringify({ error: text.trim().replace(/^error: /, ""), code: "usage", exit_code: 2 })}\n` : text);
  const program = new Command("claude-tasks")
    .description("Run, follow, continue and kill Claude Code tasks in a workspace pod.")
    .version(VERSION, "-V, --version")
    .option("--url <url>", "API host, e.g. https://alice.dev.example.com (env CLAUDE_TASKS_URL)")
    .option("--token <token>", "bearer token (env CLAUDE_API_TOKEN)")
    .option("-p, --profile <name>", "profile from the config file (env CLAUDE_TASKS_PROFILE)")
    .option("--json", "print machine-readable JSON on stdout")
    .option(
      "-o, --output <format>",
      "json, or jsonpath=EXPR to print only those fields, one per line (e.g. -o jsonpath='{.tasks[*].task_id}')",
      parseOutputFormat,
    )
    .addOption(new Option("--no-color", "never colour output (NO_COLOR is honoured too)"))
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError,
    })
    .exitOverride()
    .addHelpText("after", EXIT_CODES_HELP);

  for (const register of [
    registerRun,
    registerList,
    registerShow,
    registerLogs,
    registerSend,
    registerSteer,
    registerApprovals,
    registerKill,
    registerPurge,
    registerDiff,
    registerWait,
    registerBudget,
    registerUsage,
    registerSchedule,
    registerStatus,
    registerDoctor,
    registerToken,
    registerAudit,
    registerUi,
    registerLogin,
    registerConfig,
    registerCompletion,
    registerTaskIds,
  ]) {
    register(program, action);
  }
  // Subcommands inherit output routing and exit override so their errors are handled the same way.
  const routeOutput = (command: Command) => {
    command
      .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError })
      .exitOverride()
      .showHelpAfterError(jsonErrors ? false : "(run with --help for usage)");
    command.commands.forEach(routeOutput);
  };
  program.commands.forEach(routeOutput);
  if (jsonErrors) program.showHelpAfterError(false);
  return program;
}
