import path from "node:path";

/** Where one task's files live under TASKS_DIR. Callers validate the task id first. */
export class TaskPaths {
  constructor(readonly tasksDir: string) {}

  dir = (taskId: string) => path.join(this.tasksDir, taskId);
  taskFile = (taskId: string) => path.join(this.dir(taskId), "task.json");
  outputLog = (taskId: string) => path.join(this.dir(taskId), "output.log");
  /** Where a task created with `isolation: "worktree"` has its git worktree. */
  worktree = (taskId: string) => path.join(this.dir(taskId), "worktree");
  runsDir = (taskId: string) => path.join(this.dir(taskId), "runs");
  runPrompt = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.prompt`);
  runSpec = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.spec.json`);
  runExit = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.exit.json`);
  runExitMarker = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.exit-marker.json`);
  runMcpConfig = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.mcp.json`);
  runPid = (taskId: string, run: number) => path.join(this.runsDir(taskId), `${run}.pid`);
  /** The audit log (the issue that asked for it names it ~/.claude-tasks/audit.log), and the one rotated out. */
  auditLog = () => path.join(this.tasksDir, AUDIT_LOG);
}

const AUDIT_LOG = "audit.log";
/** Entries of TASKS_DIR that are the server's own, beside the task folders and the dot files. */
export const SERVER_FILES: ReadonlySet<string> = new Set([AUDIT_LOG, `${AUDIT_LOG}.1`]);
