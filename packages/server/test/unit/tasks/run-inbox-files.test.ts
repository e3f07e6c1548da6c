/**
 * Settling an ended run's inbox over a real folder: what the run took is `live`, the rest is
 * claimed by the server and queued as follow-ups exactly once, also when settling is repeated
 * (a server that died between claiming and recording settles again after its restart).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  inboxClaimFile,
  inboxClaimFileName,
  inboxMessageFile,
  inboxMessageFileName,
} from "../../../src/runner/protocol/inbox-records.js";
import { applySettledInbox, RunInboxFiles } from "../../../src/tasks/runs/run-inbox-files.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import type { TaskRecord } from "../../../src/tasks/task-model.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ID = "1707000000-a1b2c3d4";

function setUp() {
  const root = mkdtempSync(path.join(tmpdir(), "inbox-"));
  dirs.push(root);
  const paths = new TaskPaths(root);
  mkdirSync(paths.runsDir(ID), { recursive: true });
  const put = (name: string, text: string) => writeFileSync(path.join(paths.runsDir(ID), name), text);
  const task = {
    task_id: ID,
    runs: [{ prompt: "first", state: "completed", sent_at: 1 }],
  } as unknown as TaskRecord;
  return { paths, put, task, files: new RunInboxFiles(paths) };
}

describe("settling a run's inbox", () => {
  it("records taken messages as live and queues the others once, however often it is settled", async () => {
    const { paths, put, task, files } = setUp();
    put(inboxMessageFileName(0, "st_0000000000000001"), inboxMessageFile({ kind: "steer", prompt: "taken", sent_at: 2 }));
    put(inboxClaimFileName(0, "st_0000000000000001"), inboxClaimFile({ by: "run", at: 3 }));
    put(inboxMessageFileName(0, "st_0000000000000002"), inboxMessageFile({ kind: "steer", prompt: "too late", sent_at: 4 }));
    put(inboxMessageFileName(0, "st_0000000000000003"), inboxMessageFile({ kind: "interrupt", sent_at: 5 }));
    // Another run's message is not this run's.
    put(inboxMessageFileName(1, "st_0000000000000004"), inboxMessageFile({ kind: "steer", prompt: "other run", sent_at: 6 }));

    applySettledInbox(task, 0, await files.settle(ID, 0));
    applySettledInbox(task, 0, await files.settle(ID, 0));

    expect(task.runs[0]?.steers).toEqual([
      { steer_id: "st_0000000000000001", kind: "steer", prompt: "taken", sent_at: 2, delivered: "live", taken_at: 3 },
      { steer_id: "st_0000000000000002", kind: "steer", prompt: "too late", sent_at: 4, delivered: "queued", followup_run: 1 },
      { steer_id: "st_0000000000000003", kind: "interrupt", sent_at: 5, delivered: "queued" },
    ]);
    expect(task.runs.map((r) => [r.prompt, r.state])).toEqual([
      ["first", "completed"],
      ["too late", "queued"],
    ]);
    // The server's claim is on disk: a wrapper can no longer take it.
    const claim = JSON.parse(readFileSync(path.join(paths.runsDir(ID), inboxClaimFileName(0, "st_0000000000000002")), "utf8"));
    expect(claim.by).toBe("server");
  });
});
