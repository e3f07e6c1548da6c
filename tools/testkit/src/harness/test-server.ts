/**
 * Runs the REAL built server (packages/server/dist/bundle/main.js, the single-file build the
 * chart ships and `npm start` runs) as a child process, wired to a
 * scripted model, a private tmux socket and temp directories, so tests exercise real HTTP,
 * real tmux and the real claude CLI without touching anything of the developer's.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { claudeBinary, scriptedClaudeEnv } from "../claude-env.js";
import { type ScriptedModel, startScriptedModel } from "../scripted-model/index.js";
import { waitFor } from "../wait-for.js";
import { freePort } from "./free-port.js";
import { assertFreshBuild } from "./fresh-build.js";
import { killQuietly, processesWorkingIn } from "./processes.js";
import { type SeedTask, seedTasks } from "./seed-tasks.js";

export interface TestServerOptions {
  /** Extra or overriding environment for the server (and so for every claude run). */
  env?: Record<string, string>;
  /** Use this model instead of starting a fresh one (it is then not closed by stop()). */
  model?: ScriptedModel;
  /**
   * Check every response against openapi.yaml (RESPONSE_CHECK_FILE): stop() then fails when one
   * broke it. On unless a caller measures speed (the check reads every JSON body twice).
   */
  checkResponses?: boolean;
  /**
   * Finished tasks written into TASKS_DIR before the server first starts (see seedTasks), for a
   * test that needs tasks to exist but is not about running them: a real run costs about half
   * a second of CPU, a seeded task nothing. Their ids are in `seeded`.
   */
  seed?: Iterable<SeedTask>;
}

export interface TestServer {
  url: string;
  port: number;
  token: string;
  root: string;
  home: string;
  tasksDir: string;
  workdirRoot: string;
  tmuxSocket: string;
  model: ScriptedModel;
  /** The ids of the tasks `seed` wrote, in its order. */
  seeded: string[];
  /** The one-time dashboard sign-in link the server printed at its last start (works once), if it printed one. */
  readonly dashboardLink: string | undefined;
  /** What the server printed on stdout at its last start (where it listens, the link, ...). */
  readonly banner: string;
  /** The server process's pid while it runs (it changes on restart), else undefined. */
  readonly pid: number | undefined;
  /** The server's stderr so far (structured logs), for failure messages. */
  logs(): string;
  /** Responses so far that broke openapi.yaml, one JSON line each (empty without checkResponses). */
  responseViolations(): string[];
  /**
   * Waits until the log holds `count` JSON lines that `match`, and returns them. The server
   * writes its log asynchronously (info lines in batches), so a line can land a moment after
   * the response or the stored state that follows it: wait for it, never read it at once.
   */
  waitForLog(what: string, match: (line: LogLine) => boolean, count?: number): Promise<LogLine[]>;
  /** SIGTERM and wait; tasks in tmux keep running until stop() cleans up. */
  shutdown(): Promise<void>;
  /** kill -9 the server process, leaving its tasks running in tmux. */
  kill9(): Promise<void>;
  /**
   * Starts the server again on the same port and directories; `env` changes settings from
   * then on (a variable set to "" is unset), as an operator's new configuration would.
   */
  restart(env?: Record<string, string>): Promise<void>;
  /**
   * Stops the server, its tmux server and the model, and removes the temp directories; then
   * fails, naming them, if any response broke openapi.yaml.
   */
  stop(): Promise<void>;
}

/** One structured log line: `level`, `msg` and the line's fields. */
export type LogLine = { level: string; msg: string } & Record<string, unknown>;

/** The JSON lines of a log (a line a crash cut short is left out). */
function parseLogLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // The last line while it is being written, or cut short by a kill.
    }
  }
  return lines;
}

// The bundle, not dist/main.js and its few hundred modules: it starts in about 0.12 s of CPU
// instead of 0.32 s, and the suites start a server some two hundred times.
export const serverEntry = fileURLToPath(new URL("../../../../packages/server/dist/bundle/main.js", import.meta.url));

// Only a guard against a server that hangs: start-up waits for the "listening on" line (or
// the exit). 20 s was too little once, with the load average at 71 on two cores.
const START_TIMEOUT_MS = 60_000;

/** The test file that started this server, read from the stack (else "unknown"). */
function callingTestFile(): string {
  const frames = new Error().stack ?? "";
  return /(?:file:\/\/)?(\/[^\s():]+\.test\.[cm]?[jt]sx?)/.exec(frames)?.[1] ?? "unknown";
}

/**
 * A diagnostic for suite time: with CLAUDE_RUN_LOG set, this server's claude is a script that
 * appends the calling test file to that log and then runs the real binary, so
 * `sort $CLAUDE_RUN_LOG | uniq -c` shows which files run claude, each run about half a second
 * of CPU.
 */
function countingClaude(root: string, log: string, testFile: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const script = path.join(root, "counting-claude.sh");
  writeFileSync(script, `#!/bin/sh\necho ${quote(testFile)} >> ${quote(log)}\nexec ${quote(claudeBinary())} "$@"\n`, {
    mode: 0o755,
  });
  return script;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const caller = callingTestFile(); // before the first await, while the stack still shows it
  // Never test an old build: the server's, and this harness's own when it runs from its dist
  // (other packages' tests import it so; testkit's own tests import its sources).
  assertFreshBuild(fileURLToPath(new URL("../../../../packages/server/", import.meta.url)), serverEntry);
  const self = fileURLToPath(import.meta.url);
  if (self.includes(`${path.sep}dist${path.sep}`)) assertFreshBuild(fileURLToPath(new URL("../../", import.meta.url)), self);
  const root = mkdtempSync(path.join(tmpdir(), "cta-"));
  const home = path.join(root, "home");
  const tasksDir = path.join(root, "tasks");
  const workdirRoot = path.join(root, "work");
  const tmuxSocket = path.join(root, "tmux.sock");
  for (const dir of [home, workdirRoot]) mkdirSync(dir, { recursive: true });
  const seeded = options.seed ? seedTasks(tasksDir, options.seed) : [];

  const model = options.model ?? (await startScriptedModel());
  const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...scriptedClaudeEnv(model.url, home),
    HOST: "127.0.0.1",
    PORT: String(port),
    TASKS_DIR: tasksDir,
    WORKDIR_ROOT: workdirRoot,
    DEFAULT_WORKDIR: workdirRoot,
    TMUX_SOCKET: tmuxSocket,
    CLAUDE_BIN: process.env.CLAUDE_RUN_LOG ? countingClaude(root, process.env.CLAUDE_RUN_LOG, caller) : claudeBinary(),
    LOG_LEVEL: "info",
    ...(options.checkResponses !== false && { RESPONSE_CHECK_FILE: path.join(root, "response-violations.jsonl") }),
    ...options.env,
  };

  let child: ChildProcess | undefined;
  let dashboardLink: string | undefined;
  let banner = "";
  // The server's logs go to a file, as a container runtime's would: a pipe read by this
  // (test or benchmark) process would tax it for every log line.
  const logFile = path.join(root, "server.log");
  const readLogs = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const logFd = openSync(logFile, "a");
      const proc = spawn(process.execPath, [serverEntry], { env, stdio: ["ignore", "pipe", logFd] });
      closeSync(logFd); // the child has its own copy
      child = proc;
      let stdout = "";
      const timer = setTimeout(
        () => reject(new Error(`server did not start in time:\n${stdout}${readLogs()}`)),
        START_TIMEOUT_MS,
      );
      proc.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        // The start-up lines arrive in one write; the tmux line is the last of them.
        if (/listening on[\s\S]*tmux:.*\n/.test(stdout)) {
          dashboardLink = /dashboard:\s+(\S+\/login\?code=\S+)/.exec(stdout)?.[1];
          banner = stdout;
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${stdout}${readLogs()}`));
      });
    });

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill(signal);
    });

  // If the test process dies without stop(), take its tmux server (and claude runs) with it.
  const killTmux = () => {
    try {
      execFileSync("tmux", ["-S", tmuxSocket, "kill-server"], { stdio: "ignore" });
    } catch {
      // No tmux server was left running.
    }
  };
  process.once("exit", killTmux);

  await launch();
  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    token: readFileSync(path.join(tasksDir, ".api-token"), "utf8").trim(),
    root,
    home,
    tasksDir,
    workdirRoot,
    tmuxSocket,
    model,
    seeded,
    get dashboardLink() {
      return dashboardLink;
    },
    get banner() {
      return banner;
    },
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    logs: readLogs,
    responseViolations: () => {
      try {
        return readFileSync(path.join(root, "response-violations.jsonl"), "utf8").split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
    waitForLog: (what, match, count = 1) =>
      waitFor(`${what} in the server log`, async () => {
        const found = parseLogLines(readLogs()).filter(match);
        return found.length >= count ? found : undefined;
      }),
    shutdown: () => waitExit("SIGTERM"),
    kill9: () => waitExit("SIGKILL"),
    restart: async (changes?: Record<string, string>) => {
      await waitExit("SIGTERM");
      Object.assign(env, changes);
      await launch();
    },
    stop: async () => {
      await waitExit("SIGTERM");
      const violations = server.responseViolations();
      killTmux();
      process.removeListener("exit", killTmux);
      if (!options.model) await model.close();
      const failIfViolated = () => {
        if (violations.length > 0) {
          throw new Error(`${violations.length} response(s) broke openapi.yaml:\n${violations.join("\n")}`);
        }
      };
      if (process.env.KEEP_TEST_DIRS) return failIfViolated();
      // Runs stopped with tmux are still exiting for a moment (a wrapper stops its claude,
      // and claude saves its session on the way out, under the temp home): removed before
      // they are gone, the folders would be made again. Wait for them (killing stragglers),
      // then remove; Node retries ENOTEMPTY/EBUSY itself. A temp dir left behind never
      // fails a test.
      await waitFor("the runs to exit", async () => (processesWorkingIn(root).length === 0 ? true : undefined), 10_000).catch(
        () => {
          for (const pid of processesWorkingIn(root)) killQuietly(pid);
        },
      );
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
      failIfViolated();
    },
  };
  return server;
}
