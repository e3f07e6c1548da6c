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
  /** Reads all of standard input (for `run -`). */
  readStdin(): Promise<string>;
  /** Asks a question on the terminal and reads one line; absent when not run in a terminal. */
  ask?: ((question: string) => Promise<string>) | undefined;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    homedir: homedir(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
  };
}

/** One question on stderr, one line from stdin; Ctrl-C still stops the command. */
function askOnTerminal(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.on("SIGINT", () => {
      rl.close();
      process.kill(process.pid, "SIGINT");
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}
