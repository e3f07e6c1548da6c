import { execFileSync } from "node:child_process";

/** Session names on a private tmux socket; empty when its server is not running. */
export function tmuxSessions(socket: string): string[] {
  try {
    return execFileSync("tmux", ["-S", socket, "list-sessions", "-F", "#{session_name}"], { encoding: "utf8", stdio: "pipe" })
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Kills the tmux server on `socket` (and so every session and the processes in them). */
export function killTmuxServer(socket: string): void {
  execFileSync("tmux", ["-S", socket, "kill-server"], { stdio: "ignore" });
}

/**
 * The sessions left on `socket` once they have had `timeoutMs` to end. A run's session ends
 * when its wrapper exits, a moment after it wrote the exit file that finished the task: a
 * check made right after the last task finished could still see it.
 */
export async function sessionsLeft(socket: string, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = tmuxSessions(socket);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
