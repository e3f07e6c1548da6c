#!/usr/bin/env node
/**
 * The process inside each task's tmux session. It runs claude exactly as the spec says
 * (argv, cwd, env; prompt on stdin, so no shell ever parses it), copies claude's output both
 * to output.log and to the tmux pane (so `tmux attach` shows it live), then appends the
 * `__CLAUDE_EXIT_CODE_N__` marker and writes the exit file the server watches for. A full
 * disk is waited out: no byte of output is lost, and the run ends only once all is on disk.
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

/** How soon a write refused for lack of space is tried again (no event says space returned). */
const DISK_FULL_RETRY_MS = 250;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write` until it succeeds, waiting out a full disk; any other error is thrown. */
async function whileDiskFull<T>(write: () => T): Promise<T> {
  for (;;) {
    try {
      return write();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOSPC" && code !== "EDQUOT") throw err;
      await pause(DISK_FULL_RETRY_MS);
    }
  }
}

/** Appends all of `data` (a write may take only part of it when the disk fills up). */
async function appendAll(fd: number, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await whileDiskFull(() => writeSync(fd, data, offset));
}

const log = openSync(spec.outputLog, "a", 0o600);
let lastByte = 0x0a;
/** Appends to the log in arrival order; settles when everything so far is on disk. */
let written: Promise<void> = Promise.resolve();
const write = (chunk: Buffer) => {
  if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
  written = written.then(() => appendAll(log, chunk));
  try {
    process.stdout.write(chunk);
  } catch {
    // The pane may be gone (session killed); the log is what matters.
  }
};
process.stdout.on("error", () => {});

let finishing = false;
async function finish(exit: RunExit): Promise<void> {
  if (finishing) return;
  finishing = true;
  if (exit.error) write(Buffer.from(`claude-task-api: ${exit.error}\n`));
  await written; // the marker comes after every byte of the run's output
  // On a line of its own: readers take the marker only as a whole line.
  const marker = `${lastByte === 0x0a ? "" : "\n"}${formatExitMarker(exit.exit_code)}\n`;
  await appendAll(log, Buffer.from(marker));
  closeSync(log);
  const tmp = `${spec.exitFile}.tmp`;
  await whileDiskFull(() => writeFileSync(tmp, JSON.stringify(exit), { mode: 0o600 }));
  renameSync(tmp, spec.exitFile);
  process.exit(exit.exit_code);
}

const now = () => Date.now() / 1000;

// Whatever else goes wrong in here, the run's exit record says what (never just "the
// session is gone"). A failure while already finishing cannot be recorded any better.
process.on("uncaughtException", (err) => {
  if (finishing) process.exit(127);
  void finish({ exit_code: 127, finished_at: now(), error: `the run wrapper failed: ${err.message}` });
});

function cwdProblem(): string | undefined {
  try {
    return statSync(spec.cwd).isDirectory() ? undefined : `workdir ${spec.cwd} is not a directory`;
  } catch {
    return `workdir ${spec.cwd} no longer exists`;
  }
}

const problem = cwdProblem();
if (problem) {
  void finish({ exit_code: 127, finished_at: now(), error: problem });
} else {
  runClaude();
}

/** Why claude could not be started, in words a person can act on. */
function spawnFailure(bin: string, err: NodeJS.ErrnoException): string {
  if (err.code === "ENOENT") {
    return existsSync(bin)
      ? `could not start ${bin}: its interpreter is missing or it is not a valid executable`
      : `claude CLI not found at ${bin}`;
  }
  if (err.code === "E2BIG") return `could not start ${bin}: an argument or the environment is too long for the system (E2BIG)`;
  return `could not start ${bin}: ${err.message}`;
}

function runClaude(): void {
  const [bin, ...args] = spec.argv as [string, ...string[]];
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
    void finish({ exit_code: 127, finished_at: now(), error: spawnFailure(bin, err as NodeJS.ErrnoException) });
    return;
  }

  // While the disk is full, claude's pipes are not read: claude then waits on its own writes
  // (the pipe's backpressure) instead of this process holding its output in memory.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      write(chunk);
      stream.pause();
      void written.then(() => stream.resume());
    });
  }

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
    void finish({ exit_code: 127, finished_at: now(), error: spawnFailure(bin, err) });
  });

  const signalCode = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 0);

  child.on("close", (code, signal) => {
    if (interruptedBy) {
      return void finish({
        exit_code: signalCode(interruptedBy),
        finished_at: now(),
        signal: interruptedBy,
        error: `run interrupted by ${interruptedBy} (its tmux session or the tmux server was stopped)`,
      });
    }
    const exitCode = code ?? (signal ? signalCode(signal) : 1);
    void finish({ exit_code: exitCode, finished_at: now(), ...(signal && { signal }) });
  });
}
