/** Programmatic entry to the CLI (used by its tests). */

export { ExitCode, exitCodeForStatus } from "./exit-codes.js";
export type { CliIo, OutStream } from "./io.js";
export { runCli } from "./run-cli.js";
