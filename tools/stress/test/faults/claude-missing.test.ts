/**
 * The claude binary is missing, not executable, or cannot be executed: creating a task and
 * sending a follow-up answer with (or end in) a reason a person can act on, and when the
 * binary comes back everything works again without a restart.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { claudeBinary, startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";
import { auditTasks } from "../../src/task-audit.js";

let server: TestServer;
let t: Api;
let bin: string;

/** Puts `make` at the CLAUDE_BIN path the server was started with. */
const replaceBinary = (make: () => void) => {
  rmSync(bin, { force: true });
  make();
};

beforeAll(async () => {
  const dir = path.join(process.env.TMPDIR ?? "/tmp", `cta-claude-bin-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  bin = path.join(dir, "claude");
  rmSync(bin, { force: true });
  symlinkSync(claudeBinary(), bin);
  server = await startTestServer({ env: { CLAUDE_BIN: bin, LOG_LEVEL: "warn" } });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  rmSync(path.dirname(bin), { recursive: true, force: true });
});

/** Creates a task and returns it once finished. */
async function run(prompt: string) {
  const res = await t.create({ prompt });
  expect(res.status).toBe(201);
  return t.finished(res.json.task_id);
}

describe("a claude binary that cannot run", () => {
  let firstTask: string;

  it("works while the binary is there", async () => {
    const done = await run("@reply present");
    expect(done.status).toBe("completed");
    firstTask = done.task_id;
  });

  const broken: Array<[string, () => void, RegExp]> = [
    ["is missing", () => {}, /missing or not executable.*CLAUDE_BIN/],
    [
      "is not executable",
      () => writeFileSync(bin, "#!/bin/sh\nexit 0\n", { mode: 0o644 }),
      /missing or not executable.*CLAUDE_BIN/,
    ],
    [
      "has a broken interpreter",
      () => {
        writeFileSync(bin, "#!/nonexistent/interpreter\n");
        chmodSync(bin, 0o755);
      },
      /claude/,
    ],
  ];
  for (const [name, make, reason] of broken) {
    it(`${name}: the task becomes error with a reason naming the binary`, async () => {
      replaceBinary(make);
      const done = await run("@reply never");
      expect(done.status).toBe("error");
      expect(done.error).toMatch(reason);
      expect(done.error).toContain(bin);
      // A follow-up to a good task fails the same clear way and is recorded, not lost.
      const res = await t.message(firstTask, `@reply follow-up while the binary ${name}`);
      expect(res.status).toBe(200);
      const after = await t.finished(firstTask);
      expect(after.runs.at(-1).state).toBe("error");
      expect(after.runs.at(-1).error).toContain(bin);
      expect((await t.health()).status).toBe(200);
    });
  }

  it("recovers as soon as the binary is back", async () => {
    replaceBinary(() => symlinkSync(claudeBinary(), bin));
    expect((await run("@reply back again")).status).toBe("completed");
    const res = await t.message(firstTask, "@reply resumed");
    expect(res.status).toBe(200);
    expect((await t.finished(firstTask)).status).toBe("completed");
    expect(auditTasks(server.tasksDir).problems).toEqual([]);
  });
});
