/**
 * When the last session of a tmux server ends, the server exits, and a tmux client that
 * connects at that moment fails with "server exited unexpectedly". `npm run load` hit it:
 * GET /tasks/{id} answered 500 (`TmuxError: tmux list-sessions failed: server exited
 * unexpectedly`). The race is rare on demand, so this test makes tmux answer that way through
 * TMUX_BIN (a wrapper that passes everything else to the real tmux) while a flag file exists.
 */
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, api } from "../../src/api.js";
import { waitFor } from "../../src/http.js";
import { auditTasks } from "../../src/task-audit.js";

let server: TestServer;
let t: Api;
let flag: string;
let noSocket: string;
let wrapper: string;

beforeAll(async () => {
  const dir = process.env.TMPDIR ?? "/tmp";
  flag = path.join(dir, `cta-tmux-exiting-${process.pid}`);
  noSocket = path.join(dir, `cta-tmux-no-socket-${process.pid}`);
  wrapper = path.join(dir, `cta-tmux-wrapper-${process.pid}`);
  writeFileSync(
    wrapper,
    `#!/bin/sh
for arg in "$@"; do
  if [ "$arg" = list-sessions ] && [ -e '${flag}' ]; then echo 'server exited unexpectedly' >&2; exit 1; fi
  if [ "$arg" = list-sessions ] && [ -e '${noSocket}' ]; then echo 'error connecting to /tmp/x (No such file or directory)' >&2; exit 1; fi
done
exec tmux "$@"
`,
  );
  chmodSync(wrapper, 0o755);
  server = await startTestServer({ env: { TMUX_BIN: wrapper, LOG_LEVEL: "warn" } });
  t = api(server);
});
afterAll(async () => {
  rmSync(flag, { force: true });
  rmSync(noSocket, { force: true });
  await server?.stop();
  rmSync(wrapper, { force: true });
});

describe("tmux answers 'server exited unexpectedly'", () => {
  it("reads still answer, and the task is not failed for it", async () => {
    const prompt = "@sleep 2500\n@reply survived a flaky tmux";
    const created = await t.create({ prompt });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    await waitFor("claude to call the model", async () =>
      server.model.requests.some((r) => r.prompt === prompt) ? true : undefined,
    );

    writeFileSync(flag, "");
    const detail = await t.get(id);
    const output = await t.output(id, "?tail=5");
    const list = await t.list();
    rmSync(flag);

    expect(detail.status, detail.text).toBe(200);
    expect(detail.json.status).toBe("running");
    expect(output.status, output.text).toBe(200);
    expect(list.status).toBe(200);
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(auditTasks(server.tasksDir).problems).toEqual([]);
  });

  it("a live run is not ended by one moment when tmux cannot be reached", async () => {
    const created = await t.create({ prompt: "@reply first run" });
    const id = created.json.task_id;
    expect((await t.finished(id)).status).toBe("completed");
    const prompt = "@sleep 2000\n@reply second run";
    expect((await t.message(id, prompt)).status).toBe(200);
    await waitFor("claude to call the model", async () =>
      server.model.requests.some((r) => r.prompt === prompt) ? true : undefined,
    );

    writeFileSync(noSocket, "");
    const during = await t.get(id);
    rmSync(noSocket);

    expect(during.status).toBe(200);
    // claude is still running in its session: one failed tmux call must not end the run.
    expect(during.json.runs[1].state).toBe("running");
    const done = await t.finished(id);
    expect(done.runs[1].state).toBe("completed");
    expect(done.runs[1].result?.text).toBe("second run");
    expect(auditTasks(server.tasksDir).problems.filter((p) => p.startsWith(id))).toEqual([]);
  });
});
