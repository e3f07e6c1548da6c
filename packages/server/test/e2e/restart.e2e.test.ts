/** Tasks outlive the server: kill -9 it mid-task, start it again, and nothing is lost. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  t = api(server);
});
afterAll(() => server?.stop());

/**
 * A tmux that stands for a slow machine: while `hold` exists, `new-session` never reaches
 * tmux (it leaves `hold.reached` to say a launch is in flight), and it gives up once `hold`
 * goes, as the server that asked is dead by then. Everything else is the real tmux.
 */
function slowTmux(dir: string, hold: string): string {
  const bin = path.join(dir, "tmux");
  const script = `#!/bin/sh
for arg in "$@"; do
  if [ "$arg" = new-session ] && [ -e '${hold}' ]; then
    : > '${hold}.reached'
    while [ -e '${hold}' ]; do sleep 0.05; done
    exit 1
  fi
done
exec tmux "$@"
`;
  writeFileSync(bin, script, { mode: 0o755 });
  return bin;
}

const readTaskFile = (id: string) => JSON.parse(readFileSync(path.join(server.tasksDir, id, "task.json"), "utf8"));

describe("server restarts", () => {
  it("a task keeps running through kill -9 and is reconciled with its output intact", async () => {
    const created = await t.create({ prompt: "@sleep 2500\n@write after-restart.txt survived\n@reply all done" });
    const id = created.json.task_id;
    const exitFile = path.join(server.tasksDir, id, "runs", "0.exit.json");
    // Create answers before the launch: wait until claude runs (its first line is in the log).
    const outputLog = path.join(server.tasksDir, id, "output.log");
    await waitFor("claude to start", async () => (existsSync(outputLog) && statSync(outputLog).size > 0 ? true : undefined));
    await server.kill9();
    expect(existsSync(exitFile)).toBe(false); // still running when the server died
    // The run ends while no server is up: its wrapper writes the exit file on its own.
    await waitFor("the run to end without a server", async () => (existsSync(exitFile) ? true : undefined));
    await server.restart();
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(readFileSync(path.join(server.workdirRoot, "after-restart.txt"), "utf8")).toBe("survived");
    const log = events((await t.output(id)).text);
    expect(log[0]).toMatchObject({ type: "system", subtype: "init" });
    expect(log.at(-1)).toMatchObject({ type: "result", result: "all done" });
    // finished_at is when the run really ended (the wrapper's exit file), not when the server noticed.
    const exit = JSON.parse(readFileSync(exitFile, "utf8"));
    expect(done.finished_at).toBe(exit.finished_at);
  });

  it("follow-ups queued before a crash run after the restart, in order, once each", async () => {
    const created = await t.create({ prompt: "@sleep 2000\n@reply one" });
    const id = created.json.task_id;
    await t.message(id, "@reply two");
    await t.message(id, "@reply three");
    await server.kill9();
    await server.restart();
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    const results = events((await t.output(id)).text)
      .filter((e) => e.type === "result")
      .map((e) => e.result);
    expect(results).toEqual(["one", "two", "three"]);
    expect(readTaskFile(id).runs.map((r: { state: string }) => r.state)).toEqual(["completed", "completed", "completed"]);
  });

  it("a task finishing with nobody polling gets its status and finished_at from the monitor", async () => {
    const created = await t.create({ prompt: "@sleep 1000\n@reply unobserved" });
    const id = created.json.task_id;
    // Read only the file on disk, never the API, so only the background monitor can update it.
    const onDisk = await waitFor("task.json to say completed", async () => {
      const file = readTaskFile(id);
      return file.status === "completed" ? file : undefined;
    });
    const exit = JSON.parse(readFileSync(path.join(server.tasksDir, id, "runs", "0.exit.json"), "utf8"));
    expect(onDisk.finished_at).toBe(exit.finished_at);
  });

  it("a run whose tmux session vanished without an exit status becomes an error with a reason", async () => {
    const created = await t.create({ prompt: "@sleep 20000\n@reply never" });
    const id = created.json.task_id;
    const { execFileSync } = await import("node:child_process");
    await waitFor("claude to ask the model", async () =>
      server.model.requests.some((r) => r.prompt === "@sleep 20000\n@reply never") ? true : undefined,
    );
    execFileSync("tmux", ["-S", server.tmuxSocket, "kill-server"]);
    const done = await t.finished(id);
    expect(done.status).toBe("error");
    expect(done.error).toMatch(/tmux|exit status/);
    // The API stays up and a new task starts a new tmux server.
    const next = await t.create({ prompt: "@reply fresh tmux" });
    expect((await t.finished(next.json.task_id)).status).toBe("completed");
  });

  it("a run whose launch the server never finished, as it died each time, starts once a server stays up", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cta-slow-tmux-"));
    const hold = path.join(dir, "hold");
    const reached = `${hold}.reached`;
    writeFileSync(hold, "");
    const slow = await startTestServer({ env: { TMUX_BIN: slowTmux(dir, hold), LOG_LEVEL: "warn" } });
    try {
      const st = api(slow);
      // The answer waits for a launch that never comes: the server dies under it.
      const answer = st.create({ prompt: "@reply launched at last" }).catch(() => undefined);
      // Three servers in a row die while launching the run (before: three launches and the run
      // ended in error, "never started (3 attempts)", without a fourth).
      for (let death = 1; death <= 3; death++) {
        await waitFor(`launch ${death} to be in flight`, async () => (existsSync(reached) ? true : undefined));
        rmSync(reached);
        await slow.kill9();
        if (death === 3) rmSync(hold); // the machine is fast again
        await slow.restart();
      }
      await answer;
      const [task] = (await st.list()).json.tasks;
      const done = await st.finished(task.task_id);
      expect(done.status, slow.logs().slice(-3000)).toBe("completed");
      const results = events((await st.output(task.task_id)).text).filter((e) => e.type === "result");
      expect(results.map((e) => e.result)).toEqual(["launched at last"]);
    } finally {
      await slow.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
