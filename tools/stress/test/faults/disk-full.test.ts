/**
 * TASKS_DIR's disk fills up (a real 16 MiB tmpfs): requests that must write answer a clear
 * error, nothing on disk is corrupt or half-made, reads keep working, a running task waits
 * the full disk out without losing a byte of its output, and everything recovers once space
 * returns, without a restart.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";
import { waitFor } from "../../src/http.js";
import { mountSmallDisk, type SmallDisk } from "../../src/small-disk.js";
import { auditTasks } from "../../src/task-audit.js";

/** A task's folder in TASKS_DIR (beside the server's own files: tokens, schedules, the audit log). */
const TASK_FOLDER = /^[0-9]{1,12}-[0-9a-f]{8}$/;

let server: TestServer;
let t: Api;
let tasksDir: string;
let disk: SmallDisk | undefined;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "warn" } });
  t = api(server);
  tasksDir = server.tasksDir;
  // Swap the harness's TASKS_DIR for a small disk while the server is down.
  await server.shutdown();
  const why: { reason?: string } = {};
  disk = mountSmallDisk(tasksDir, 16, why);
  await server.restart();
  if (!disk) throw new Error(`the disk-full suite needs a small filesystem: ${why.reason}`);
});
afterAll(async () => {
  await server?.shutdown();
  disk?.unmount();
  await server?.stop();
});

/** Every file under the task directories: each task.json must parse, no temp file may be left. */
function filesOnDisk() {
  const files: string[] = [];
  for (const id of readdirSync(tasksDir).filter((e) => TASK_FOLDER.test(e))) {
    for (const name of readdirSync(path.join(tasksDir, id))) files.push(path.join(id, name));
  }
  return files;
}

describe("the disk holding TASKS_DIR fills up", () => {
  let finishedId: string;
  let runningId: string;
  let filler: string;
  let before: string[];

  it("is full, with one finished and one running task", async () => {
    const finished = await t.create({ prompt: "@reply before the disk filled" });
    finishedId = finished.json.task_id;
    expect((await t.finished(finishedId)).status).toBe("completed");
    const runningPrompt = "@sleep 3000\n@reply ran through a full disk";
    runningId = (await t.create({ prompt: runningPrompt })).json.task_id;
    await waitFor("claude to call the model", async () =>
      server.model.requests.some((r) => r.prompt === runningPrompt) ? true : undefined,
    );
    filler = disk!.fill();
    before = filesOnDisk();
  });

  it("answers a create with a clear error about disk space and records nothing", async () => {
    const res = await t.create({ prompt: "@reply no room" });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.code).not.toBe("internal_error");
    expect(res.json.error).toMatch(/space|disk|full|ENOSPC/i);
    expect((await t.list()).json.tasks).toHaveLength(2);
  });

  it("leaves no half-made task directory behind a failed create", () => {
    expect(filesOnDisk()).toEqual(before);
    expect(readdirSync(tasksDir).filter((e) => TASK_FOLDER.test(e))).toHaveLength(2);
  });

  it("answers a follow-up with the same clear error and keeps the task as it was", async () => {
    const file = path.join(tasksDir, finishedId, "task.json");
    const was = readFileSync(file, "utf8");
    const res = await t.message(finishedId, "@reply no room either");
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.error).toMatch(/space|disk|full|ENOSPC/i);
    expect(readFileSync(file, "utf8")).toBe(was);
  });

  it("keeps answering reads while full", async () => {
    expect((await t.health()).status).toBe(200);
    expect((await t.list()).status).toBe(200);
    expect((await t.get(finishedId)).json.status).toBe("completed");
    expect((await t.output(runningId, "?tail=5")).status).toBe(200);
    expect(auditTasks(tasksDir, { requireFinal: false }).problems).toEqual([]);
  });

  it("keeps a run whose output meets the full disk running until its output is on disk", async () => {
    // claude gets its answer while the disk is full, prints it and exits (its output fits in
    // the pipe to the run's wrapper, which cannot write it to the log yet).
    const sessionId = (await t.get(runningId)).json.session_id as string;
    const claudeAlive = () => execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).includes(sessionId);
    await waitFor("claude to finish on the full disk", async () => (claudeAlive() ? undefined : true));
    expect(existsSync(path.join(tasksDir, runningId, "runs", "0.exit.json"))).toBe(false);
    expect((await t.get(runningId)).json.status).toBe("running");
  });

  it("recovers when space returns: the running task completes with all its output, new work runs", async () => {
    rmSync(filler);
    const done = await t.finished(runningId);
    expect(done.status).toBe("completed");
    const lines = (await t.output(runningId)).text.split("\n").filter((l) => l.startsWith("{"));
    const results = lines.map((l) => JSON.parse(l)).filter((e) => e.type === "result");
    expect(results.map((e) => e.result)).toEqual(["ran through a full disk"]);

    const created = await t.create({ prompt: "@reply room again" });
    expect(created.status).toBe(201);
    expect((await t.finished(created.json.task_id)).status).toBe("completed");
    const followup = await t.message(finishedId, "@reply follow-up after recovery");
    expect(followup.status).toBe(200);
    expect((await t.finished(finishedId)).status).toBe("completed");

    const audit = auditTasks(tasksDir);
    expect(audit.problems).toEqual([]);
    expect(filesOnDisk().filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // The server reads back every task after a restart: nothing it wrote is unreadable.
    await server.restart();
    expect((await t.list()).json.tasks).toHaveLength(3);
    expect(server.logs()).not.toMatch(/skipping unreadable task/);
    expect(existsSync(path.join(tasksDir, ".api-token"))).toBe(true);
  });
});
