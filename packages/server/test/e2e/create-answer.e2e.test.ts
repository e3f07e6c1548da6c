/**
 * Creating a task answers once its record is on disk, whatever the launch costs: here every
 * tmux call takes 1.5 s (a loaded machine, made certain), so a launch takes at least 3 s
 * (kill-session, new-session), and the answer must not wait for it.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;
const dir = mkdtempSync(path.join(tmpdir(), "cta-slow-tmux-"));
const finishedCalls = path.join(dir, "finished-calls.log");
const calls = () => (existsSync(finishedCalls) ? readFileSync(finishedCalls, "utf8") : "");

beforeAll(async () => {
  const slowTmux = path.join(dir, "slow-tmux");
  // Runs the real tmux after a delay, then notes the call as finished.
  writeFileSync(slowTmux, `#!/bin/sh\nsleep 1.5\ntmux "$@"\nstatus=$?\necho "$*" >> '${finishedCalls}'\nexit $status\n`);
  chmodSync(slowTmux, 0o755);
  server = await startTestServer({ env: { TMUX_BIN: slowTmux } });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("creating a task while launches are slow", () => {
  it("answers before the run's tmux session is even created, with the record on disk, and runs it once", async () => {
    const created = await t.create({ prompt: "@reply launched after the answer" });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    // The fact that matters: tmux had not finished creating this task's session when the answer came.
    expect(calls()).not.toContain(`new-session -d -s claude-${id}`);
    expect(created.json.status).toBe("running");
    const onDisk = JSON.parse(readFileSync(path.join(server.tasksDir, id, "task.json"), "utf8"));
    expect(onDisk).toMatchObject({ task_id: id, status: "running" });

    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.result?.text).toBe("launched after the answer");
    // The monitor saw no session for seconds while the launch was on its way: it did not launch it again.
    expect(
      calls()
        .split("\n")
        .filter((l) => l.includes(`new-session -d -s claude-${id}`)),
    ).toHaveLength(1);
    expect(server.model.requests.filter((r) => r.prompt === "@reply launched after the answer")).toHaveLength(1);
  });
});
