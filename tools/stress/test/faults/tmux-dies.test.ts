/**
 * The tmux server dies while tasks run: each running task becomes `error` with a reason, a
 * follow-up queued behind one still runs (on a new tmux server), the API stays up, and new
 * tasks start a new tmux server.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";
import { waitFor } from "../../src/http.js";
import { auditTasks } from "../../src/task-audit.js";
import { killTmuxServer, tmuxSessions } from "../../src/tmux.js";

let server: TestServer;
let t: Api;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "warn" } });
  t = api(server);
});
afterAll(() => server?.stop());

describe("the tmux server dies", () => {
  it("fails running tasks with a reason and keeps serving", async () => {
    const prompts = [0, 1, 2].map((i) => `@sleep 30000\n@reply never-${i}`);
    const ids: string[] = [];
    for (const prompt of prompts) {
      const res = await t.create({ prompt });
      expect(res.status).toBe(201);
      ids.push(res.json.task_id);
    }
    const withFollowup = ids[0] as string;
    expect((await t.message(withFollowup, "@reply after-tmux-died")).status).toBe(200);
    // Kill tmux only once every claude is really running (waiting on the model).
    await waitFor("every claude to call the model", async () =>
      prompts.every((p) => server.model.requests.some((r) => r.prompt === p)) ? true : undefined,
    );
    killTmuxServer(server.tmuxSocket);
    expect((await t.health()).status).toBe(200);

    for (const id of ids) {
      const done = await t.finished(id, 30_000);
      expect(done.runs[0].state).toBe("error");
      expect(done.runs[0].error).toMatch(/tmux/);
    }
    // The queued follow-up was not lost with the tmux server: it ran on a new one.
    const followed = await t.finished(withFollowup);
    expect(followed.runs.map((r: { state: string }) => r.state)).toEqual(["error", "completed"]);
    expect(followed.status).toBe("completed");
    for (const id of ids.slice(1)) {
      const detail = (await t.get(id)).json;
      expect(detail.status).toBe("error");
      expect(detail.error).toMatch(/tmux/);
    }

    const fresh = await t.create({ prompt: "@reply fresh tmux" });
    expect(fresh.status).toBe(201);
    expect((await t.finished(fresh.json.task_id)).status).toBe("completed");
    expect(auditTasks(server.tasksDir).problems).toEqual([]);
    // A run counts as finished once its wrapper wrote the exit record; the wrapper (and so its
    // session) is gone a moment later. No session may outlive its run.
    await waitFor("every finished run's tmux session to close", async () =>
      tmuxSessions(server.tmuxSocket).length === 0 ? true : undefined,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: still open: ${tmuxSessions(server.tmuxSocket).join(", ")}`);
    });
  });
});
