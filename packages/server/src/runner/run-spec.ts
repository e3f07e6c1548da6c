/** What the server hands to the run wrapper for one run (written as JSON, mode 0600). */
export interface RunSpec {
  /** The claude command line: binary first. The prompt is not in it; it arrives on stdin. */
  argv: string[];
  cwd: string;
  /** The complete environment for claude, captured from the server at start-up. */
  env: Record<string, string>;
  promptFile: string;
  outputLog: string;
  exitFile: string;
  /** Where the wrapper writes its pid as it starts: proof the run began, and who to wait for. */
  pidFile: string;
}

/** What the wrapper leaves behind when a run ends (runs/{n}.exit.json). */
export interface RunExit {
  exit_code: number;
  finished_at: number;
  signal?: string;
  /** Set when claude could not be started at all. */
  error?: string;
}
