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
