#!/usr/bin/env node
/** The `claude-tasks` binary. */
import { processIo } from "./io.js";
import { runCli } from "./run-cli.js";

// A reader that goes away (`| head`, quitting `less`) is not an error: stop quietly, as gh and
// kubectl do, instead of dying with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

const code = await runCli(process.argv.slice(2), processIo());
// Exit once the output is flushed, rather than when fetch's idle keep-alive socket lets go
// (which kept every command alive up to a second and a half after its last line).
process.stdout.write("", () => process.exit(code));
