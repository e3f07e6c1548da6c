#!/usr/bin/env node
/**
 * The process inside each task's tmux session. It runs claude exactly as the spec says
 * (argv, cwd, env; prompt on stdin, so no shell ever parses it), copies claude's output both
 * to output.log and to the tmux pane (so `tmux attach` shows it live), then appends the
 * `__CLAUDE_EXIT_CODE_N__` marker and writes the exit file the server watches for.
 *
 * Usage: node run-task.js <spec.json>
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { constants } from "node:os";
import { formatExitMarker, type RunExit, type RunSpec } from "@claude-task-api/sdk/protocol";

const specPath = process.argv[2];
if (!specPath) {
  process.stderr.write("usage: run-task <spec.json>\n");
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specPath, "utf8")) as RunSpec;
// The spec holds the environment (API keys): keep it on disk no longer than needed.
unlinkSync(specPath);
writeFileSync(spec.pidFile, String(process.pid), { mode: 0o600 });

const log = openSync(spec.outputLog, "a", 0o600);
let lastByte = 0x0a;
const write = (chunk: Buffer) => {
  writeSync(log, chunk);
  if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
  try {
    process.stdout.write(chunk);
  } catch {
    // The pane may be gone (session killed); the log is what matters.
  }
};
process.stdout.on("error", () => {});

function finish(exit: RunExit): never {
  if (exit.error) write(Buffer.from(`claude-task-api: ${exit.error}\n`));
  // On a line of its own: readers take the marker only as a whole line.
  const marker = `${lastByte === 0x0a ? "" : "\n"}${formatExitMarker(exit.exit_code)}\n`;
  writeSync(log, marker);
  closeSync(log);
  const tmp = `${spec.exitFile}.tmp`;
  writeFileSync(tmp, JSON.stringify(exit), { mode: 0o600 });
  renameSync(tmp, spec.exitFile);
  process.exit(exit.exit_code);
}

const now = () => Date.now() / 1000;

// Whatever else goes wrong in here, the run's exit record says what (never just "the
// session is gone").
process.on("uncaughtException", (err) => {
  finish({ exit_code: 127, finished_at: now(), error: `the run wrapper failed: ${err.message}` });
});

function cwdProblem(): string | undefined {
  try {
    return statSync(spec.cwd).isDirectory() ? undefined : `workdir ${spec.cwd} is not a directory`;
  } catch {
    return `workdir ${spec.cwd} no longer exists`;
  }
}

const problem = cwdProblem();
if (problem) finish({ exit_code: 127, finished_at: now(), error: problem });

const [bin, ...args] = spec.argv as [string, ...string[]];

/** Why claude could not be started, in words a person can act on. */
function spawnFailure(err: NodeJS.ErrnoException): string {
  if (err.code === "ENOENT") {
    return existsSync(bin)
      ? `could not start ${bin}: its interpreter is missing or it is not a valid executable`
      : `claude CLI not found at ${bin}`;
  }
  if (err.code === "E2BIG") return `could not start ${bin}: an argument or the environment is too long for the system (E2BIG)`;
  return `could not start ${bin}: ${err.message}`;
}

let child: ChildProcess;
try {
  const stdin = openSync(spec.promptFile, "r");
  try {
    // spawn throws at once (rather than emitting "error") for some failures: E2BIG, a NUL
    // in an argument, an unreadable prompt file. The run's exit record must say why.
    child = spawn(bin, args, { cwd: spec.cwd, env: spec.env, stdio: [stdin, "pipe", "pipe"] });
  } finally {
    closeSync(stdin);
  }
} catch (err) {
  finish({ exit_code: 127, finished_at: now(), error: spawnFailure(err as NodeJS.ErrnoException) });
}

child.stdout?.on("data", write);
child.stderr?.on("data", write);

// A signal here means the session or tmux itself is going away: stop claude (it may ignore
// SIGHUP), and record the run as interrupted whatever claude's own exit status is.
let interruptedBy: NodeJS.Signals | undefined;
for (const signal of ["SIGTERM", "SIGHUP", "SIGINT"] as const) {
  process.on(signal, () => {
    if (interruptedBy) return;
    interruptedBy = signal;
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
}

child.on("error", (err: NodeJS.ErrnoException) => {
  finish({ exit_code: 127, finished_at: now(), error: spawnFailure(err) });
});

const signalCode = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 0);

child.on("close", (code, signal) => {
  if (interruptedBy) {
    finish({
      exit_code: signalCode(interruptedBy),
      finished_at: now(),
      signal: interruptedBy,
      error: `run interrupted by ${interruptedBy} (its tmux session or the tmux server was stopped)`,
    });
  }
  const exitCode = code ?? (signal ? signalCode(signal) : 1);
  finish({ exit_code: exitCode, finished_at: now(), ...(signal && { signal }) });
});
