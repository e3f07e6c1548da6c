/** Whether the server can run tasks right now: tmux answers and the claude binary is executable. */
import { claudeBinaryProblem } from "./tasks/runs/claude-binary.js";
import type { Tmux } from "./tmux/tmux.js";

export interface Readiness {
  ready: boolean;
  checks: { tmux: string; claude: string };
}

export async function checkReadiness(tmux: Tmux, claudeBin: string): Promise<Readiness> {
  const [tmuxCheck, claudeProblem] = await Promise.all([
    tmux.version().then(
      (v) => `ok (${v})`,
      (err: Error) => `tmux is not runnable: ${err.message}`,
    ),
    claudeBinaryProblem(claudeBin),
  ]);
  const checks = { tmux: tmuxCheck, claude: claudeProblem ?? `ok (${claudeBin})` };
  return { ready: tmuxCheck.startsWith("ok") && !claudeProblem, checks };
}
