/** Runs the CLI for an argv and returns the exit code; the only place errors are caught. */
import { TaskApiError } from "@claude-task-api/sdk";
import { CommanderError } from "commander";
import type { ActionWrapper } from "./command-kit.js";
import { createContext, type SettingsProbe } from "./context.js";
import { describeError } from "./errors.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { createProgram } from "./program.js";
import { safeJson, safeText } from "./render/safe-text.js";
import { colorEnabled, createStyle } from "./render/style.js";

/** Parses argv (without node and script), runs the command, returns its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCodeValue> {
  const probe: SettingsProbe = {};
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const action: ActionWrapper =
    (body) =>
    async (...args) => {
      const command = args[args.length - 1] as Parameters<typeof createContext>[0];
      const result = await body(createContext(command, io, probe), command);
      exitCode = result ?? ExitCode.Ok;
    };
  const jsonErrors = argv.some((arg) => arg === "--json" || arg === "-o" || arg.startsWith("--output") || /^-o./.test(arg));
  const program = createProgram(io, action, { jsonErrors });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (or the help / version).
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const { exitCode: code, message: hostile } = describeError(error, {
      url: probe.settings?.url.value ?? "the server",
      tokenSource: probe.settings?.token?.source,
    });
    // The server's message can quote what was asked for (a path, a ref, a prompt): the same
    // value in JSON, visible notation for people.
    if (jsonErrors) {
      const apiCode = error instanceof TaskApiError && typeof error.code === "string" ? error.code : null;
      io.stderr.write(`${safeJson(JSON.stringify({ error: hostile, code: apiCode, exit_code: code }))}\n`);
      return code;
    }
    const message = safeText(hostile);
    const style = createStyle(colorEnabled(io.stderr, io.env, !argv.includes("--no-color")));
    io.stderr.write(`${style.red("error:")} ${message}\n`);
    return code;
  }
}
