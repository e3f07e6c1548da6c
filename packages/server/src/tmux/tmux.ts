/**
 * A thin client for the tmux CLI. Commands are passed as argv (execFile, never a shell), and
 * a session's command is given as separate arguments so tmux executes it directly.
 */
import { execFile } from "node:child_process";

const TMUX_TIMEOUT_MS = 10_000;

export class TmuxError extends Error {
  override name = "TmuxError";
}

export interface TmuxOptions {
  bin: string;
  /** Private socket (`tmux -S`); undefined uses the user's default tmux server. */
  socket: string | undefined;
  /**
   * The environment of every tmux command. The first one starts the tmux server, which hands
   * its environment to every session (the run wrapper, and a person's own sessions on the
   * default socket): it must be the filtered run environment, never the server's own.
   */
  env: Record<string, string>;
}

export class Tmux {
  constructor(private readonly options: TmuxOptions) {}

  private run(args: string[]): Promise<string> {
    const full = this.options.socket ? ["-S", this.options.socket, ...args] : args;
    return new Promise((resolve, reject) => {
      execFile(this.options.bin, full, { timeout: TMUX_TIMEOUT_MS, env: this.options.env }, (err, stdout, stderr) => {
        if (err) {
          const reason = stderr.trim() || (err as NodeJS.ErrnoException).code || err.message;
          reject(new TmuxError(`tmux ${args[0]} failed: ${reason}`));
        } else resolve(stdout);
      });
    });
  }

  /**
   * Starts a detached session running `argv` directly (no shell) in `cwd`. A tmux server exits
   * with its last session; a client that connects at that moment fails with "server exited
   * unexpectedly" (or "lost server"), so that one answer is retried: the next try starts a
   * fresh server. With `replace`, a session of that name that is still there (a previous
   * run's, still exiting) is killed first; it is killed only when tmux says the name is taken,
   * which saves a tmux call on nearly every launch.
   */
  async newSession(name: string, cwd: string, argv: string[], { replace = false } = {}): Promise<void> {
    const args = ["new-session", "-d", "-s", name, "-c", cwd, "-x", "200", "-y", "50", "--", ...argv];
    for (let attempt = 1; ; attempt++) {
      try {
        return void (await this.run(args));
      } catch (err) {
        const message = (err as Error).message;
        if (replace && attempt < 3 && /duplicate session/.test(message)) await this.killSession(name);
        else if (attempt >= 3 || !/server exited unexpectedly|lost server/.test(message)) throw err;
        else await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  /** Names of all live sessions; empty when no tmux server is running. */
  async listSessions(): Promise<Set<string>> {
    try {
      const out = await this.run(["list-sessions", "-F", "#{session_name}"]);
      return new Set(out.split("\n").filter(Boolean));
    } catch (err) {
      if (isNoServer(err)) return new Set();
      throw err;
    }
  }

  /** The pid of the process running in the session's pane, if the session exists. */
  async panePid(name: string): Promise<number | undefined> {
    try {
      const out = await this.run(["list-panes", "-t", `=${name}`, "-F", "#{pane_pid}"]);
      const pid = Number.parseInt(out.trim().split("\n")[0] ?? "", 10);
      return Number.isFinite(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Kills the session; a session that is already gone is not an error. tmux says so in several
   * ways, depending on whether its server is still up or is exiting with its last session
   * ("no current target").
   */
  async killSession(name: string): Promise<void> {
    try {
      await this.run(["kill-session", "-t", `=${name}`]);
    } catch (err) {
      if (isNoServer(err) || /can't find session|session not found|no current target/.test((err as Error).message)) return;
      throw err;
    }
  }

  /** Checks that the tmux binary runs at all. */
  async version(): Promise<string> {
    return (
      await new Promise<string>((resolve, reject) =>
        execFile(this.options.bin, ["-V"], { timeout: TMUX_TIMEOUT_MS, env: this.options.env }, (err, out) =>
          err ? reject(err) : resolve(out),
        ),
      )
    ).trim();
  }
}

const isNoServer = (err: unknown) =>
  err instanceof TmuxError &&
  /no server running|error connecting|No such file or directory|server exited unexpectedly/.test(err.message);
