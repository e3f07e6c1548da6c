/**
 * The run protocol across versions, end to end. Tasks outlive the server: a run started by an
 * older version is finished and answered by this one, and files of a newer protocol (a rolled
 * back server under a run of the newer one) end in a clear refusal, never a crash or a hang.
 * Seeded runs have no tmux session: their exit record is all there is to read.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

const V0 = path.join(import.meta.dirname, "../fixtures/run-protocol/v0");
const OLD_EXIT = "1707200000-00000001";
const NEWER_EXIT = "1707200000-00000002";
const NEWER_REQUEST = "1707200000-00000003";
const NEWER_APPROVAL = "ap_0123456789abcdef";

let server: TestServer;
let t: ReturnType<typeof api>;

/** A task whose run 0 was running when the server stopped; `files` go into its runs/ folder. */
function seedRunningTask(id: string, files: Record<string, string>, options: Record<string, unknown> = {}): void {
  const dir = path.join(server.tasksDir, id);
  mkdirSync(path.join(dir, "runs"), { recursive: true });
  writeFileSync(
    path.join(dir, "task.json"),
    JSON.stringify({
      format: 3,
      task_id: id,
      session_id: "950e8400-e29b-41d4-a716-446655440000",
      workdir: server.workdirRoot,
      status: "running",
      created_at: 1707200000,
      tmux_session: `claude-${id}`,
      options,
      runs: [{ prompt: "@reply hi", state: "running", sent_at: 1707200000, started_at: 1707200001, log_start: 0 }],
    }),
  );
  writeFileSync(path.join(dir, "output.log"), '{"type":"result","subtype":"success","result":"ok"}\n__CLAUDE_EXIT_CODE_0__\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "runs", name), text);
}

beforeAll(async () => {
  server = await startTestServer();
  await server.shutdown();
  // An exit record exactly as the wrapper wrote it before the protocol had versions.
  seedRunningTask(OLD_EXIT, {});
  copyFileSync(path.join(V0, "exit.json"), path.join(server.tasksDir, OLD_EXIT, "runs", "0.exit.json"));
  seedRunningTask(NEWER_EXIT, {
    "0.exit.json": JSON.stringify({ protocol: 2, exit_code: 0, finished_at: 1707200002, outcome: { state: "done" } }),
  });
  seedRunningTask(
    NEWER_REQUEST,
    {
      [`0.approval-${NEWER_APPROVAL}.json`]: JSON.stringify({
        protocol: 2,
        type: "approval",
        approval_id: NEWER_APPROVAL,
        run: 0,
        tool: "Bash",
        input: { command: "ls" },
        requested_at: 1707200002,
      }),
      // Its wrapper started (and is gone): the run is not launched again, only finished.
      "0.pid": "1",
    },
    { approvals: true, permission_mode: "default" },
  );
  await server.restart();
  t = api(server);
});
afterAll(() => server?.stop());

describe("a run of an older version, finished by this one", () => {
  it("reads its exit record without a version as protocol 1", async () => {
    const done = await t.finished(OLD_EXIT);
    expect(done.status).toBe("completed");
    expect(done.runs[0]).toMatchObject({ state: "completed", exit_code: 0, finished_at: 1707000045.678 });
  });
});

describe("files of a newer protocol", () => {
  it("ends a run whose exit record it cannot understand, saying why", async () => {
    const done = await t.finished(NEWER_EXIT);
    expect(done.status).toBe("error");
    expect(done.error_kind).toBe("cli_failed");
    expect(done.error).toMatch(
      /^The run ended, but the run's exit record uses run protocol 2, newer than this claude-task-api understands \(1\)/,
    );
    expect(done.runs[0].exit_code).toBeUndefined();
  });

  it("refuses to answer an approval whose request it cannot understand, and does not list it", async () => {
    const res = await t.call("POST", `/api/claude/tasks/${NEWER_REQUEST}/approvals/${NEWER_APPROVAL}`, {
      body: { decision: "allow" },
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      code: "approval_closed",
      error: expect.stringMatching(/cannot be answered by this server: approval request ap_0123456789abcdef uses run protocol 2/),
    });
    const answerFile = path.join(server.tasksDir, NEWER_REQUEST, "runs", `0.approval-${NEWER_APPROVAL}.answer.json`);
    expect(existsSync(answerFile)).toBe(false);
    expect((await t.get(NEWER_REQUEST)).json.pending_approvals ?? []).toEqual([]);
  });

  it("tells operators once about a request file of a running task that it cannot read", async () => {
    const created = await t.create({
      prompt: "@write unread.txt hello\n@reply finished",
      permission_mode: "default",
      approvals: true,
    });
    const id = created.json.task_id;
    await waitFor(`task ${id} to wait for an approval`, async () => (await t.get(id)).json.pending_approvals?.[0]);
    const request = path.join(server.tasksDir, id, "runs", "0.approval-ap_ffffffffffffffff.json");
    writeFileSync(`${request}.tmp`, JSON.stringify({ protocol: 2, type: "approval", approval_id: "ap_ffffffffffffffff" }));
    renameSync(`${request}.tmp`, request);
    const warning = await waitFor("the server's warning", async () =>
      server
        .logs()
        .split("\n")
        .find((l) => l.includes("approval request cannot be read") && l.includes(id)),
    );
    expect(JSON.parse(warning)).toMatchObject({
      level: "warn",
      task_id: id,
      approval_id: "ap_ffffffffffffffff",
      reason: expect.stringMatching(/uses run protocol 2, newer than this claude-task-api understands/),
    });
    // The readable one is still shown, the other is not.
    expect((await t.get(id)).json.pending_approvals.map((a: { tool: string }) => a.tool)).toEqual(["Write"]);
    expect((await t.kill(id)).status).toBe(200);
    expect(
      server
        .logs()
        .split("\n")
        .filter((l) => l.includes("approval request cannot be read") && l.includes(id)),
    ).toHaveLength(1);
  });

  it("a waiting run denies a tool whose answer it cannot understand, rather than wait for ever", async () => {
    const created = await t.create({
      prompt: "@write newer.txt hello\n@reply finished",
      permission_mode: "default",
      approvals: true,
    });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    const approval = await waitFor(
      `task ${id} to wait for an approval`,
      async () => (await t.get(id)).json.pending_approvals?.[0],
    );
    // A newer server's answer, in a format this run's wrapper does not know, put in place whole as every writer does.
    const answerFile = path.join(server.tasksDir, id, "runs", `0.approval-${approval.approval_id}.answer.json`);
    writeFileSync(
      `${answerFile}.tmp`,
      JSON.stringify({ protocol: 2, verdict: { allow: true }, answered_at: Date.now() / 1000, by: "client" }),
    );
    renameSync(`${answerFile}.tmp`, answerFile);
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(existsSync(path.join(server.workdirRoot, "newer.txt"))).toBe(false);
    const log = (await t.output(id)).text;
    expect(log).toContain(
      `claude-task-api: the answer to approval ${approval.approval_id} uses run protocol 2, newer than this claude-task-api understands (1)`,
    );
    // claude was told so (the denial's message reaches the model as the tool's result).
    expect(log).toMatch(/"tool_result".*the tool use was denied/);
  });
});
