/**
 * `run --follow` in a real terminal (a pty from util-linux `script`) against the REAL server:
 * a typed line goes to the run as a steer, Ctrl-C once interrupts the turn, twice detaches.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../support/run-binary.js";
import { emptyHome } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

/** `claude-tasks run --follow PROMPT` on a terminal; `output` collects what the terminal shows. */
function runInTerminal(prompt: string): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<number | null>;
} {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, BIN, "run", "--follow", "--workdir", server.workdirRoot, prompt].map(quote).join(" ");
  const child = spawn("script", ["-qefc", command, "/dev/null"], {
    env: {
      PATH: process.env.PATH,
      HOME: emptyHome(),
      CLAUDE_TASKS_URL: server.url,
      CLAUDE_API_TOKEN: server.token,
      NO_COLOR: "1",
    },
  });
  let text = "";
  child.stdout.on("data", (d: Buffer) => {
    text += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => text, exit };
}

const heldTurn = (name: string) =>
  `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.05; done\n@reply never said`;
const started = (name: string) =>
  waitFor(`turn ${name} to start`, async () => existsSync(path.join(server.workdirRoot, `${name}.started`)) || undefined);

describe("run --follow in a terminal", () => {
  it("sends a typed line as a steer and interrupts the turn on Ctrl-C; the waiting steer then runs as a follow-up", async () => {
    const term = runInTerminal(heldTurn("tty"));
    await started("tty");
    const id = /task (\d+-[0-9a-f]{8}) started/.exec(term.output())?.[1] as string;
    expect(id).toBeDefined();
    term.child.stdin.write("@reply typed into the terminal\r");
    await waitFor(
      "the steer",
      async () => term.output().includes("sent: Claude takes it when its current turn ends") || undefined,
    );
    term.child.stdin.write("\x03");
    await waitFor("the interrupt", async () => term.output().includes("interrupting the current turn") || undefined);
    // The interrupt ended the held turn; the typed steer was still waiting, so it runs as a follow-up.
    const done = await client.tasks.wait(id);
    expect(done.runs[0]).toMatchObject({ state: "interrupted" });
    expect(done.runs[0]?.steers?.[0]).toMatchObject({ prompt: "@reply typed into the terminal", delivered: "queued" });
    expect(done.result?.text).toBe("typed into the terminal");
    expect(await term.exit).toBe(0);
  });

  it("detaches on a second Ctrl-C and leaves the task to itself", async () => {
    const term = runInTerminal("@sleep 60000\n@reply late");
    await waitFor("the task to start", async () => /task (\d+-[0-9a-f]{8}) started/.exec(term.output())?.[1]);
    const id = /task (\d+-[0-9a-f]{8}) started/.exec(term.output())?.[1] as string;
    await waitFor("claude to start", async () => (await client.tasks.output(id)).includes('"type":"system"') || undefined);
    term.child.stdin.write("\x03");
    await waitFor("the interrupt", async () => term.output().includes("interrupting the current turn") || undefined);
    term.child.stdin.write("\x03");
    expect(await term.exit).toBe(0);
    expect(term.output()).toContain(`detached; the task goes on: claude-tasks logs -f ${id}`);
  });
});
