/**
 * What every command gets: parsed global options, lazily resolved settings and SDK client,
 * styles for each stream, and output helpers that keep data on stdout and the rest on stderr.
 */
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { resolveSettings, type Settings } from "./config/settings.js";
import type { CliIo } from "./io.js";
import { formatOutput, type OutputFormat } from "./render/output-format.js";
import { safeForStream } from "./render/safe-text.js";
import { colorEnabled, createStyle, type Style } from "./render/style.js";

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  profile?: string;
  json?: boolean;
  /** -o json / -o jsonpath=EXPR; either one also sets `json`. */
  output?: OutputFormat;
  color: boolean;
}

export interface CommandContext {
  io: CliIo;
  options: GlobalOptions;
  /** Colours for stdout. */
  out: Style;
  /** Colours for stderr. */
  err: Style;
  settings(): Settings;
  client(): TaskApiClient;
  /** Writes a line of data to stdout. */
  print(text: string): void;
  /** Writes a line of progress or diagnostics to stderr. */
  note(text: string): void;
  /** Prints a value as JSON on stdout (for --json), harmless on a terminal yet the same JSON. */
  printJson(value: unknown): void;
  /** Writes text exactly as it came (for a pipe or file), made safe when stdout is a terminal. */
  printExact(text: string): void;
}

/** Holds the most recently resolved settings, so the error mapper can name the URL and token source. */
export interface SettingsProbe {
  settings?: Settings;
}

/** Builds the context for the command being run. */
export function createContext(command: Command, io: CliIo, probe: SettingsProbe): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  if (options.output) options.json = true;
  let client: TaskApiClient | undefined;
  const settings = () => {
    if (!probe.settings) {
      probe.settings = resolveSettings(options, io.env, io.homedir);
      const { path, looseMode } = probe.settings.configFile;
      if (looseMode)
        io.stderr.write(`warning: ${path} is mode ${looseMode} and holds tokens; make it private: chmod 600 ${path}\n`);
    }
    return probe.settings;
  };
  return {
    io,
    options,
    out: createStyle(colorEnabled(io.stdout, io.env, options.color)),
    err: createStyle(colorEnabled(io.stderr, io.env, options.color)),
    settings,
    client() {
      const { url, token } = settings();
      // The CLI resolves every option itself and passes it explicitly, so the SDK's own
      // environment fallback never disagrees with what `claude-tasks config` shows.
      client ??= createClient({ baseUrl: url.value, token: token?.value ?? "" });
      return client;
    },
    print: (text) => io.stdout.write(`${text}\n`),
    note: (text) => io.stderr.write(`${text}\n`),
    printJson: (value) => io.stdout.write(formatOutput(options.output, value, io.stdout.isTTY)),
    printExact: (text) => io.stdout.write(safeForStream(text, io.stdout.isTTY)),
  };
}
