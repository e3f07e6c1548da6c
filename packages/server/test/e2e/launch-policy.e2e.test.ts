/**
 * The operator's policy and the workdir confinement hold at every launch, not only when a task
 * is created: a follow-up, a queued run, a run launched after a restart with a narrower
 * configuration all get the options and workdir checked again.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { seededId, writeFinishedTask } from "../helpers/seed-tasks.js";

let server: TestServer;
let t: ReturnType<typeof api>;
let outside: string;

beforeAll(async () => {
  // One slot, so a second task waits in the queue for as long as the test wants.
  server = await startTestServer({ env: { MAX_CONCURRENT_TASKS: "1" } });
  t = api(server);
  outside = mkdtempSync(path.join(tmpdir(), "cta-outside-"));
});
afterAll(async () => {
  await server?.stop();
  rmSync(outside, { recursive: true, force: true });
});

const promptsSeen = () => server.model.requests.map((r) => r.prompt);

/** A task that holds the only slot until it is killed. */
const slotHolder = async () => {
  const holder = (await t.create({ prompt: "@sleep 60000\n@reply held" })).json;
  expect(holder.status).toBe("running");
  return holder.task_id as string;
};

/** Replaces a directory under WORKDIR_ROOT with a symlink to a folder outside it. */
function swapForSymlinkOutside(name: string) {
  const dir = path.join(server.workdirRoot, name);
  renameSync(dir, `${dir}.moved`);
  symlinkSync(outside, dir);
}

describe("workdir confinement at each launch", () => {
  it("refuses a follow-up whose workdir became a symlink out of WORKDIR_ROOT, and nothing runs there", async () => {
    mkdirSync(path.join(server.workdirRoot, "proj-a"));
    const created = (await t.create({ prompt: "@reply first", workdir: "proj-a" })).json;
    expect((await t.finished(created.task_id)).status).toBe("completed");
    swapForSymlinkOutside("proj-a");

    const res = await t.message(created.task_id, "@write escaped-a.txt pwned\n@reply second");
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("invalid_workdir");
    expect(res.json.error).toMatch(/must be inside/);
    expect(promptsSeen()).not.toContain("@write escaped-a.txt pwned\n@reply second");
    expect(readdirSync(outside)).toEqual([]);
  });

  it("fails a queued run whose workdir was swapped while it waited, with the reason, and nothing runs there", async () => {
    mkdirSync(path.join(server.workdirRoot, "proj-b"));
    const holder = await slotHolder();
    const queued = (await t.create({ prompt: "@write escaped-b.txt pwned\n@reply queued", workdir: "proj-b" })).json;
    expect(queued.status).toBe("queued");
    swapForSymlinkOutside("proj-b");
    expect((await t.kill(holder)).status).toBe(200);

    const done = await t.finished(queued.task_id);
    expect(done.status).toBe("error");
    expect(done.error).toMatch(/Not started: workdir must be inside/);
    expect(promptsSeen()).not.toContain("@write escaped-b.txt pwned\n@reply queued");
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe("option policy at each launch, across a restart with a narrower configuration", () => {
  it("refuses a follow-up inheriting a permission mode no longer allowed; fails a queued run that has one", async () => {
    const old = (await t.create({ prompt: "@reply made with bypass", permission_mode: "bypassPermissions" })).json;
    expect((await t.finished(old.task_id)).status).toBe("completed");
    const holder = await slotHolder();
    const queued = (await t.create({ prompt: "@reply queued with bypass", permission_mode: "bypassPermissions" })).json;
    expect(queued.status).toBe("queued");

    await server.restart({ ALLOWED_PERMISSION_MODES: "plan,default", CLAUDE_PERMISSION_MODE: "default" });

    // The follow-up would inherit bypassPermissions: refused, with what is allowed.
    const refused = await t.message(old.task_id, "@reply follow-up with bypass");
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: "validation_failed" });
    expect(refused.json.error).toMatch(/permission_mode bypassPermissions is not allowed.*plan, default/);
    // Overriding the mode with an allowed one is accepted (it waits for the slot).
    const overridden = await t.call("POST", `/api/claude/tasks/${old.task_id}/message`, {
      body: { prompt: "@reply follow-up in plan mode", permission_mode: "plan" },
    });
    expect(overridden.status).toBe(200);

    // The run queued before the restart does not start with its stored bypassPermissions.
    expect((await t.kill(holder)).status).toBe(200);
    const failed = await t.finished(queued.task_id);
    expect(failed.status).toBe("error");
    expect(failed.error).toMatch(/Not started: permission_mode bypassPermissions is not allowed/);
    expect(promptsSeen()).not.toContain("@reply queued with bypass");
    expect(promptsSeen()).not.toContain("@reply follow-up with bypass");

    const followed = await t.finished(old.task_id);
    expect(followed.status).toBe("completed");
    expect(followed.runs[1]).toMatchObject({ state: "completed", options: { permission_mode: "plan" } });
  });

  it("refuses a follow-up whose inherited timeout is over a lowered MAX_TIMEOUT_SECONDS", async () => {
    // A finished task made with a 600 s timeout, read at the restart that lowers the limit:
    // refusing its follow-up needs no run of its own.
    const id = seededId(1700000000, 1);
    writeFinishedTask(server.tasksDir, id, 1700000000, { workdir: server.workdirRoot, options: { timeout_seconds: 600 } });
    await server.restart({ ALLOWED_PERMISSION_MODES: "", CLAUDE_PERMISSION_MODE: "", MAX_TIMEOUT_SECONDS: "60" });
    const res = await t.message(id, "@reply again");
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/timeout_seconds 600 is over this server's limit of 60/);
  });
});
