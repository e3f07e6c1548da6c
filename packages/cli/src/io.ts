/** The process's streams and environment, passed in so tests can run the CLI in-process. */
import { homedir } from "node:os";
import { createInterface } from "node:readline";

/** A writable text stream (process.stdout or a test double). */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything the CLI touches outside itself. */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  homedir: string;
  /** The shell's current directory (`run` takes it as the workdir, as git and claude do). */
  cwd: string;
  /** Reads all of standard input (for `run -`). */
  readStdin(): Promise<string>;
  /**
   * Asks a question on the terminal and reads one line; absent when not run in a terminal.
   * Aborting `signal` takes the question back (someone answered elsewhere): it resolves undefined.
   */
  ask?: ((question: string, signal?: AbortSignal) => Promise<string | undefined>) | undefined;
  /**
   * Reads what the person types, line by line, and their Ctrl-C, until the returned function
   * is called; absent when not run in a terminal.
   */
  typedLines?: ((handlers: { line(text: string): void; interrupt(): void }) => () => void) | undefined;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    homedir: homedir(),
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
    typedLines: process.stdin.isTTY && process.stderr.isTTY ? typedLines : undefined,
  };
}

/** Lines typed on the terminal, and Ctrl-C (which then no longer ends the process by itself). */
function typedLines(handlers: { line(text: string): void; interrupt(): void }): () => void {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on("line", handlers.line);
  rl.on("SIGINT", handlers.interrupt);
  return () => rl.close();
}

/** One question on stderr, one line from stdin; Ctrl-C still stops the command. */
function askOnTerminal(question: string, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const takeBack = () => {
      rl.close();
      // The half-typed line stays on screen: what follows starts on a line of its own.
      process.stderr.write("\n");
      resolve(undefined);
    };
    if (signal?.aborted) return takeBack();
    signal?.addEventListener("abort", takeBack, { once: true });
    rl.on("SIGINT", () => {
      rl.close();
      process.kill(process.pid, "SIGINT");
    });
    rl.question(question, (answer) => {
      signal?.removeEventListener("abort", takeBack);
      rl.close();
      resolve(answer);
    });
  });
}
