#!/usr/bin/env node
/**
 * The process inside each task's tmux session. It runs claude exactly as the spec says
 * (argv, cwd, env; prompt on stdin, so no shell ever parses it), copies claude's output both
 * to output.log and to the tmux pane (so `tmux attach` shows it live), then appends the
 * `__CLAUDE_EXIT_CODE_N__` marker and writes the exit file the server watches for. A full
 * disk is waited out: no byte of output is lost, and the run ends only once all is on disk.
 * In a run with approvals, claude's permission requests are answered through the approval
 * broker (approval-broker.ts) instead of being output; a run with an inbox takes steers and
 * interrupts over the same stdin (run-inbox.ts).
 *
 * Usage: node run-task.js <spec.json>
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import { ApprovalBroker } from "./approval-broker.js";
import type { RunExit } from "./protocol/run-exit.js";
import { RunInbox, userMessage } from "./run-inbox.js";
import { RunLog } from "./run-log.js";
import { readRunSecrets } from "./run-secrets.js";
import { closeLog, loadRunSpec, writeExitRecord } from "./run-spec-file.js";
import { SecretRedactor } from "./secret-redactor.js";

const specPath = process.argv[2];
if (!specPath) {
  process.stderr.write("usage: run-task <spec.json>\n");
  process.exit(2);
}
const spec = await loadRunSpec(specPath);
writeFileSync(spec.pidFile, String(process.pid), { mode: 0o600 });

// The values of the run's secrets: in claude's environment, and nowhere in what it prints.
const secrets = readRunSecrets(spec.secrets);
const secretValues = "values" in secrets ? secrets.values : {};
const claudeEnv = { ...spec.env, ...secretValues };
const log = new RunLog(spec.outputLog, new SecretRedactor(secretValues));
let broker: ApprovalBroker | undefined;
let inbox: RunInbox | undefined;

let finishing = false;
async function finish(exit: RunExit): Promise<void> {
  if (finishing) return;
  finishing = true;
  broker?.close();
  inbox?.close();
  if (exit.error) void log.appendLine(`claude-task-api: ${exit.error}`);
  const markerEnd = await closeLog(log, spec, exit.exit_code);
  await writeExitRecord(spec.exitFile, { ...exit, marker_end: markerEnd, ...(inbox?.interrupted && { interrupted: true }) });
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

const problem = "problem" in secrets ? secrets.problem : cwdProblem();
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

/**
 * Starts claude. With approvals or an inbox its stdin is a pipe that carries the prompt as a
 * stream-json message, then steers, interrupts and the answers to its permission requests;
 * otherwise (specs of servers before inboxes) it is the prompt file.
 */
function startClaude(bin: string, args: string[]): ChildProcess {
  if (spec.approvals || spec.inbox) {
    const prompt = readFileSync(spec.promptFile, "utf8");
    const child = spawn(bin, args, { cwd: spec.cwd, env: claudeEnv, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin?.on("error", () => {}); // claude may exit before reading everything
    const send = (message: object) => {
      if (child.stdin?.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
    };
    if (spec.approvals) broker = new ApprovalBroker(spec.approvals, log, send);
    if (spec.inbox) {
      inbox = new RunInbox(spec.inbox, log, send, () => child.stdin?.end());
      inbox.start();
    }
    send(userMessage(prompt));
    return child;
  }
  const stdin = openSync(spec.promptFile, "r");
  try {
    return spawn(bin, args, { cwd: spec.cwd, env: claudeEnv, stdio: [stdin, "pipe", "pipe"] });
  } finally {
    closeSync(stdin);
  }
}

/**
 * Copies a stream to the log. While the disk is full the pipe is not read: claude then waits
 * on its own writes (the pipe's backpressure) instead of this process holding its output.
 */
function copyToLog(stream: Readable | null): void {
  stream?.on("data", (chunk: Buffer) => {
    stream.pause();
    void log.append(chunk).then(() => stream.resume());
  });
}

/** Whether a stdout line is claude's final `result` message (its keys come in no fixed order). */
function isResultLine(line: string): boolean {
  if (!line.includes('"type":"result"')) return false;
  try {
    return (JSON.parse(line) as { type?: unknown }).type === "result";
  } catch {
    return false;
  }
}

/**
 * Copies claude's stdout line by line, handing control messages to the broker and the inbox.
 * After a `result` line the inbox hands claude its next message, or the stdin pipe is closed,
 * which ends a `-p` run that reads stream-json input. The log writes in order, so a steer line
 * the inbox writes comes after the result.
 */
function copyLinesToLog(child: ChildProcess): void {
  const stream = child.stdout;
  let partial = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    const output = lines.filter((line) => !broker?.take(line) && !inbox?.take(line));
    const turnEnded = output.some(isResultLine);
    if (output.length === 0) return;
    stream.pause();
    const written = log.append(Buffer.from(`${output.join("\n")}\n`));
    // What follows the turn is decided at once, not once the result is on disk: on a full disk
    // claude must still get the end of its input and exit. The log keeps its appends in order,
    // so a steer line the inbox writes still comes after the result.
    const next = turnEnded ? endOfTurn(child) : undefined;
    void Promise.all([written, next]).then(() => stream.resume());
  });
  stream?.on("end", () => {
    if (partial) void log.append(Buffer.from(partial));
  });
}

/** After claude's `result`: the inbox's next message, or the end of claude's input. */
async function endOfTurn(child: ChildProcess): Promise<void> {
  if (!inbox) return void child.stdin?.end();
  // The run must not hang on an inbox it cannot read: then it ends as it would have without one.
  await inbox.turnEnded().catch(() => child.stdin?.end());
}

function runClaude(): void {
  const [bin, ...args] = spec.argv as [string, ...string[]];
  let child: ChildProcess;
  try {
    // spawn throws at once (rather than emitting "error") for some failures: E2BIG, a NUL
    // in an argument, an unreadable prompt file. The run's exit record must say why.
    child = startClaude(bin, args);
  } catch (err) {
    void finish({ exit_code: 127, finished_at: now(), error: spawnFailure(bin, err as NodeJS.ErrnoException) });
    return;
  }
  if (broker || inbox) copyLinesToLog(child);
  else copyToLog(child.stdout);
  copyToLog(child.stderr);

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
