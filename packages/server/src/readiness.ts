/** Whether the server can run tasks right now: tmux answers and the claude binary is executable. */
import { readFile } from "node:fs/promises";
import { claudeBinaryProblem } from "./tasks/runs/claude-binary.js";
import type { Tmux } from "./tmux/tmux.js";

export interface Readiness {
  ready: boolean;
  checks: { tmux: string; claude: string; claude_install?: string };
}

/**
 * The state of the claude install that the chart's start-up script runs in the background
 * (a file holding "installing|installed|failed <details>"): "ok (...)" once installed, else the
 * state and its details, which keep the server not ready.
 */
export async function claudeInstallCheck(stateFile: string): Promise<string> {
  const line = await readFile(stateFile, "utf8").then(
    (text) => text.trim(),
    (err: NodeJS.ErrnoException) => `unknown no install state at ${stateFile} (${err.code ?? err.message})`,
  );
  const space = line.indexOf(" ");
  const [state, details] = space === -1 ? [line, ""] : [line.slice(0, space), line.slice(space + 1)];
  return state === "installed" ? `ok (installed ${details})` : `${state}: ${details}`;
}

export async function checkReadiness(tmux: Tmux, claudeBin: string, installStateFile?: string): Promise<Readiness> {
  const [tmuxCheck, claudeProblem, install] = await Promise.all([
    tmux.version().then(
      (v) => `ok (${v})`,
      (err: Error) => `tmux is not runnable: ${err.message}`,
    ),
    claudeBinaryProblem(claudeBin),
    installStateFile === undefined ? undefined : claudeInstallCheck(installStateFile),
  ]);
  const checks: Readiness["checks"] = { tmux: tmuxCheck, claude: claudeProblem ?? `ok (${claudeBin})` };
  if (install !== undefined) checks.claude_install = install;
  const ready = tmuxCheck.startsWith("ok") && !claudeProblem && (install === undefined || install.startsWith("ok"));
  return { ready, checks };
}
