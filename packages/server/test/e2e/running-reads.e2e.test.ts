/**
 * Reading a running task costs no tmux process: the monitor already knows its state. tmux is a
 * wrapper here that records every invocation, so the test counts what reads started.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { openSse } from "../helpers/sse.js";

/** The monitor's sweep interval (tasks/reconciliation/task-monitor.ts): one `list-sessions` per sweep. */
const SWEEP_MS = 500;
const READS = 60;
const STREAMS = 20;

let server: TestServer;
let t: ReturnType<typeof api>;
let dir: string;
let calls: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cta-tmux-count-"));
  calls = path.join(dir, "calls.log");
  writeFileSync(calls, "");
  const realTmux = execFileSync("sh", ["-c", "command -v tmux"], { encoding: "utf8" }).trim();
  const wrapper = path.join(dir, "tmux");
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realTmux}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  server = await startTestServer({ env: { TMUX_BIN: wrapper } });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tmuxCalls = () => readFileSync(calls, "utf8").split("\n").filter(Boolean).length;

describe("reads of a running task", () => {
  it("start no tmux process: GET, output, list and event streams answer from what the monitor knows", async () => {
    const id = (await t.create({ prompt: "@sleep 600000\n@reply never" })).json.task_id as string;
    // The run is up: claude has asked the model (so its first lines are in the log).
    await waitFor("the run to reach the model", async () => (server.model.requests.length > 0 ? true : undefined), 30_000);

    const before = tmuxCalls();
    const started = performance.now();
    for (let i = 0; i < READS; i++) {
      const detail = await t.get(id);
      expect(detail.json.status).toBe("running");
    }
    for (let i = 0; i < 10; i++) expect((await t.output(id, "?tail=5")).status).toBe(200);
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, () =>
        openSse(`${server.url}/api/claude/tasks/${id}/events`, { authorization: `Bearer ${server.token}` }),
      ),
    );
    for (const stream of streams) {
      const [first] = await stream.collect((e) => e.event === "status");
      expect(first?.event).toBe("status");
    }
    const elapsed = performance.now() - started;
    const extra = tmuxCalls() - before;

    // Only the monitor's sweeps may have called tmux meanwhile (one call each); a read that
    // asked tmux would add READS + STREAMS calls whatever the machine's speed.
    const sweeps = Math.ceil(elapsed / SWEEP_MS) + 1;
    expect(extra).toBeLessThanOrEqual(sweeps);
    expect(extra).toBeLessThan(READS);

    await t.kill(id);
    expect((await t.finished(id)).status).toBe("killed");
  }, 120_000);
});
