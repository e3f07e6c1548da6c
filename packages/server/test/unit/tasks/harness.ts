/**
 * The task domain in-process, over a real temporary TASKS_DIR: the real store, launcher, run
 * wrapper (the built runner/run-task.js) and a private tmux server, with a stand-in `claude`
 * (a shell script) whose behaviour the prompt picks, so a run takes milliseconds:
 *   "sleep"  prints an init event and waits until it is killed;
 *   "slow to stop"  prints an init event and waits; a hangup or SIGTERM takes it a second to obey;
 *   "fail"   prints a failing result and exits 3;
 *   "noisy"  prints a line that mentions the exit marker, then exits 0 without a result;
 *   other    prints a successful result echoing the prompt and exits 0.
 * Runs with approvals ask once for a Bash command and print the answer they got.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TaskMonitor } from "../../../src/tasks/reconciliation/task-monitor.js";
import { RunLauncher } from "../../../src/tasks/runs/run-launcher.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import { isFinishedTask, type TaskRecord } from "../../../src/tasks/task-model.js";
import { TaskService, type TaskServiceOptions } from "../../../src/tasks/task-service.js";
import { Tmux } from "../../../src/tmux/tmux.js";
import { silentLogger } from "../../../src/util/logger.js";

const RUNNER = fileURLToPath(new URL("../../../dist/runner/run-task.js", import.meta.url));

const FAKE_CLAUDE = `#!/bin/sh
# With approvals, claude reads stream-json on stdin and asks before a tool: ask once, print
# the answer it got (as an "answer_seen" line), end with a result, then wait for stdin to close.
case " $* " in
  *" --permission-prompt-tool=stdio "*)
    read -r message
    echo '{"type":"control_request","request_id":"req-1","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"make deploy"}}}'
    read -r answer
    echo "$answer" | sed 's/"control_response"/"answer_seen"/'
    echo '{"type":"result","subtype":"success","is_error":false,"result":"asked","num_turns":1}'
    read -r rest
    exit 0 ;;
esac
# Otherwise the prompt is the first stream-json message: {"type":"user","message":{"role":"user","content":"..."},...}
read -r message
prompt=$(printf '%s\\n' "$message" | sed -n 's/^{"type":"user","message":{"role":"user","content":"\\(.*\\)"},"parent_tool_use_id".*/\\1/p')
case "$prompt" in
  sleep*) echo '{"type":"system","subtype":"init"}'; exec sleep 60 ;;
  "slow to stop"*) trap 'sleep 1; exit 143' HUP TERM; echo '{"type":"system","subtype":"init"}'; while :; do sleep 0.05; done ;;
  fail*) echo '{"type":"result","subtype":"error_during_execution","is_error":true,"result":"it failed"}'; exit 3 ;;
  noisy*) echo 'echo __CLAUDE_EXIT_CODE_0__'; exit 0 ;;
  *) printf '{"type":"result","subtype":"success","is_error":false,"result":"did %s","num_turns":1,"total_cost_usd":0.01}\\n' "$prompt"; exit 0 ;;
esac
`;

export interface Domain {
  root: string;
  paths: TaskPaths;
  store: TaskStore;
  tmux: Tmux;
  tasks: TaskService;
  monitor: TaskMonitor;
  /** Resolves with the task once it is finished (reconciled by the monitor's exit watch or sweep). */
  finished(id: string): Promise<TaskRecord>;
  /** Resolves with the task once `test` holds for it. */
  until(id: string, test: (t: TaskRecord) => boolean): Promise<TaskRecord>;
  stop(): Promise<void>;
}

export async function startDomain(options: Partial<TaskServiceOptions> = {}): Promise<Domain> {
  const root = mkdtempSync(path.join(tmpdir(), "cta-domain-"));
  const work = path.join(root, "work");
  const home = path.join(root, "home");
  mkdirSync(work);
  mkdirSync(home);
  const claude = path.join(root, "claude");
  writeFileSync(claude, FAKE_CLAUDE);
  chmodSync(claude, 0o755);
  const paths = new TaskPaths(path.join(root, "tasks"));
  const store = new TaskStore(paths, silentLogger);
  await store.load();
  const tmuxSocket = path.join(root, "tmux.sock");
  const runEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home };
  const tmux = new Tmux({ bin: "tmux", socket: tmuxSocket, env: runEnv });
  const limits = options.limits ?? {
    allowedPermissionModes: ["bypassPermissions", "default"] as const,
    maxTimeoutSeconds: 3600,
    defaultTimeoutSeconds: undefined,
  };
  const launcher = new RunLauncher(paths, tmux, {
    nodeBin: process.execPath,
    runnerScript: RUNNER,
    claudeBin: claude,
    permissionMode: "bypassPermissions",
    runEnv,
    limits,
    workdirRoot: work,
  });
  const tasks = new TaskService(
    store,
    launcher,
    tmux,
    paths,
    {
      defaultWorkdir: work,
      workdirRoot: work,
      limits,
      permissionMode: "bypassPermissions",
      maxConcurrentTasks: Number.POSITIVE_INFINITY,
      maxQueuedFollowups: 20,
      checkCallbackUrl: () => {},
      sessionGoneConfirmMs: 50,
      ...options,
    },
    silentLogger,
  );
  const monitor = new TaskMonitor(store, tasks.reconciler, tasks.scheduler, tasks.approvals, tmux, paths, silentLogger, 100);
  monitor.start();

  const until = (id: string, test: (t: TaskRecord) => boolean) =>
    new Promise<TaskRecord>((resolve) => {
      const check = (t: TaskRecord | undefined) => {
        if (!t || !test(t)) return false;
        unsubscribe();
        resolve(t);
        return true;
      };
      const unsubscribe = store.onChange((t) => void (t.task_id === id && check(t)));
      check(store.get(id));
    });

  return {
    root,
    paths,
    store,
    tmux,
    tasks,
    monitor,
    until,
    finished: (id) => until(id, (t) => isFinishedTask(t.status)),
    stop: async () => {
      await monitor.stop();
      try {
        execFileSync("tmux", ["-S", tmuxSocket, "kill-server"], { stdio: "ignore" });
      } catch {
        // No tmux server left.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
