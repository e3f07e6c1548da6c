/** The glue between commander and the command files: how an action gets its context and returns its exit code. */
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import type { ExitCodeValue } from "./exit-codes.js";

/** A command body: gets its context and command, returns an exit code (or nothing for 0). */
export type CommandBody = (ctx: CommandContext, command: Command) => Promise<ExitCodeValue | undefined> | Promise<void>;

/** Wraps a command body as a commander action; supplied by runCli. */
export type ActionWrapper = (body: CommandBody) => (...args: unknown[]) => Promise<void>;

/** Adds an "Examples:" section to a command's --help. */
export function withExamples(command: Command, examples: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${examples.map((line) => `  $ ${line}`).join("\n")}\n`);
}
