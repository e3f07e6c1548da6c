/**
 * The task's workdir is deleted while it runs: the task still reaches a final status that
 * agrees with its log, later follow-ups fail with a reason instead of running elsewhere, and
 * new tasks naming it are refused.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";
import { waitFor } from "../../src/http.js";
import { auditTasks } from "../../src/task-audit.js";

let server: TestServer;
let t: Api;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "warn" } });
  t = api(server);
});
afterAll(() => server?.stop());

describe("the workdir is deleted while a task runs", () => {
  it("ends the task consistently and refuses to run there again", async () => {
    const workdir = path.join(server.workdirRoot, "doomed");
    mkdirSync(workdir);
    const prompt = "@sleep 1500\n@bash pwd > where.txt\n@reply finished";
    const created = await t.create({ prompt, workdir: "doomed" });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    // A follow-up queued behind the run: it must not start in a directory that is gone.
    expect((await t.message(id, "@reply second run")).status).toBe(200);
    await waitFor("claude to call the model", async () =>
      server.model.requests.some((r) => r.prompt === prompt) ? true : undefined,
    );
    rmSync(workdir, { recursive: true, force: true });

    const done = await t.finished(id);
    expect(["completed", "error"]).toContain(done.runs[0].state);
    expect(done.runs[1].state).toBe("error");
    // The launch resolves the workdir again, so the run is refused before any wrapper starts.
    expect(done.runs[1].error).toMatch(/^Not started: workdir does not exist: .*doomed/);
    expect(done.status).toBe("error");
    expect(done.error).toMatch(/workdir .*doomed/);
    // Whatever claude's tools did, nothing was recreated outside the root.
    expect(existsSync(path.join(server.root, "where.txt"))).toBe(false);

    const again = await t.create({ prompt: "@reply nope", workdir: "doomed" });
    expect(again.status).toBe(400);
    expect(again.json.code).toBe("invalid_workdir");
    expect(again.json.error).toMatch(/does not exist/);

    expect((await t.health()).status).toBe(200);
    expect(auditTasks(server.tasksDir).problems).toEqual([]);
  });
});
