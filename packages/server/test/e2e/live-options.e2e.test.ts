/** Waiting, results and runs, per-task options, labels and timeouts. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;
// Finished tasks for the tests that only need one to exist (a validation error, a list filter):
// written before the server starts, not run.
let seeded: { finished: string; web: string; ops: string };

beforeAll(async () => {
  const at = Math.floor(Date.now() / 1000) - 60;
  server = await startTestServer({
    env: { ALLOWED_PERMISSION_MODES: "acceptEdits,bypassPermissions", MAX_TIMEOUT_SECONDS: "3600" },
    seed: [
      { createdAt: at, n: 1, prompt: "@reply x" },
      { createdAt: at, n: 2, prompt: "@reply w", labels: { team: "web" } },
      { createdAt: at, n: 3, prompt: "@reply o", labels: { team: "ops" } },
    ],
  });
  const [finished, web, ops] = server.seeded as [string, string, string];
  seeded = { finished, web, ops };
  t = api(server);
});
afterAll(() => server?.stop());

// Three tasks of their own: side by side.
describe.concurrent("?wait=", () => {
  it("answers as soon as the task finishes", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 1500\n@reply waited" });
    const started = performance.now();
    const res = await t.call("GET", `/api/claude/tasks/${created.json.task_id}?wait=30`);
    const elapsed = performance.now() - started;
    const answeredAt = Date.now() / 1000;
    expect(res.json.status).toBe("completed");
    expect(elapsed).toBeGreaterThan(1000);
    // Soon after the run ended (its finished_at is the wrapper's clock, this machine's), not
    // after the 30 s: measured from the end, not from the start (claude's start-up is slow on
    // a busy machine).
    expect(answeredAt - res.json.finished_at).toBeLessThan(10);
    expect(res.json.recent_output).toContain("waited");
  });

  it("answers when the time is up with the task still running", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 20000\n@reply slow" });
    const started = performance.now();
    const res = await t.call("GET", `/api/claude/tasks/${created.json.task_id}?wait=1`);
    expect(res.json.status).toBe("running");
    expect(performance.now() - started).toBeGreaterThan(900);
    await t.kill(created.json.task_id);
  });

  it("rejects waits over a minute", async ({ expect }) => {
    const res = await t.call("GET", `/api/claude/tasks/${seeded.finished}?wait=61`);
    expect(res.status).toBe(400);
    expect((await t.call("GET", `/api/claude/tasks/${seeded.finished}?wait=60`)).status).toBe(200);
  });
});

describe("results, runs and totals", () => {
  // One task for both tests, which only read it: a first run, and a follow-up sent while that
  // runs, so it waits as a queued run and then resumes the conversation.
  let id: string;
  let whileRunning: { runs: Array<{ state: string }> };
  beforeAll(async () => {
    id = (await t.create({ prompt: "@sleep 1500\n@write r.txt x\n@reply first result" })).json.task_id;
    await t.message(id, "@reply second result");
    whileRunning = (await t.get(id)).json;
  });

  it("shows queued follow-ups before they start", () => {
    expect(
      whileRunning.runs.map((r) => r.state),
      JSON.stringify(whileRunning),
    ).toEqual(["running", "queued"]);
  });

  it("reports each run's result and the totals, matching the log", async () => {
    const done = await t.finished(id);
    const logResults = events((await t.output(id)).text).filter((e) => e.type === "result");
    expect(logResults).toHaveLength(2);
    expect(done.runs).toHaveLength(2);
    done.runs.forEach((run: { result: Record<string, unknown>; state: string; exit_code: number }, i: number) => {
      const e = logResults[i] as Record<string, unknown>;
      expect(run.state).toBe("completed");
      expect(run.exit_code).toBe(0);
      expect(run.result).toMatchObject({
        text: e.result,
        is_error: false,
        subtype: e.subtype,
        num_turns: e.num_turns,
        duration_ms: e.duration_ms,
        total_cost_usd: e.total_cost_usd,
      });
    });
    expect(done.result.text).toBe("second result");
    const sum = (k: string) => logResults.reduce((acc, e) => acc + (e[k] as number), 0);
    expect(done.totals.num_turns).toBe(sum("num_turns"));
    expect(done.totals.duration_ms).toBe(sum("duration_ms"));
    // claude's total_cost_usd is the conversation's running total: the resumed run adds to it.
    expect(done.runs[1].resumed).toBe(true);
    const [first, second] = logResults.map((e) => e.total_cost_usd as number) as [number, number];
    expect(second).toBeGreaterThan(first);
    expect(done.runs[0].cost_usd).toBeCloseTo(first, 10);
    expect(done.runs[1].cost_usd).toBeCloseTo(second - first, 10);
    expect(done.totals.total_cost_usd).toBeCloseTo(second, 10);
    const listed = (await t.list()).json.tasks.find((x: { task_id: string }) => x.task_id === id);
    expect(listed.finished_at).toBe(done.finished_at);
    expect(listed.total_cost_usd).toBeCloseTo(done.totals.total_cost_usd, 10);
  });
});

describe("per-task options", () => {
  it("pass each option to claude as its own flag", async () => {
    const created = await t.create({
      prompt: "@reply options",
      model: "claude-scripted-test",
      permission_mode: "acceptEdits",
      max_turns: 3,
      append_system_prompt: "--EXTRA-SYSTEM-MARKER-- with 'quotes' and $(not a command)",
      disallowed_tools: ["Bash"],
      labels: { team: "web", env: "ci" },
    });
    expect(created.status).toBe(201);
    expect(created.json.options).toMatchObject({ model: "claude-scripted-test", max_turns: 3 });
    const id = created.json.task_id;
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    const init = events(done.recent_output).find((e) => e.type === "system") as Record<string, unknown>;
    expect(init.permissionMode).toBe("acceptEdits");
    expect(init.model).toBe("claude-scripted-test");
    expect(init.tools).not.toContain("Bash");
    const request = server.model.requests.find((r) => r.prompt === "@reply options" && r.kind === "conversation");
    const body = request?.body as { model: string; system: unknown };
    expect(body.model).toBe("claude-scripted-test");
    expect(JSON.stringify(body.system)).toContain("--EXTRA-SYSTEM-MARKER-- with 'quotes' and $(not a command)");

    // A follow-up may override an option for its own run.
    const res = await t.call("POST", `/api/claude/tasks/${id}/message`, {
      body: { prompt: "@reply override", model: "claude-other-test" },
    });
    expect(res.status).toBe(200);
    await t.finished(id);
    const override = server.model.requests.find((r) => r.prompt === "@reply override" && r.kind === "conversation");
    expect(override).toBeDefined();
    expect((override?.body as { model?: string } | undefined)?.model).toBe("claude-other-test");
  });

  // Tasks created with labels are found by them in schedules.e2e (each schedule's tasks).
  it("filters the list by labels", async () => {
    const res = await t.call("GET", "/api/claude/tasks?label=team:web");
    expect(res.status).toBe(200);
    expect(res.json.tasks.every((x: { labels: Record<string, string> }) => x.labels.team === "web")).toBe(true);
    const ids = res.json.tasks.map((x: { task_id: string }) => x.task_id);
    expect(ids).toContain(seeded.web);
    expect(ids).not.toContain(seeded.ops);
    expect((await t.call("GET", "/api/claude/tasks?label=nocolon")).status).toBe(400);
  });

  it("kills a run that outlives its timeout and says why", async () => {
    const created = await t.create({ prompt: "@sleep 30000\n@reply too late", timeout_seconds: 1 });
    const done = await t.finished(created.json.task_id, 15_000);
    expect(done.status).toBe("killed");
    expect(done.error).toMatch(/Timed out after 1 seconds/);
    expect(done.runs[0].state).toBe("killed");
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a model with shell characters", { model: "x; rm -rf /" }, /model/],
    ["a model that looks like a flag", { model: "--dangerously-skip-permissions" }, /model/],
    ["max_turns of 0", { max_turns: 0 }, /max_turns/],
    ["a fractional max_turns", { max_turns: 1.5 }, /max_turns/],
    ["a tool name that looks like a flag", { allowed_tools: ["--help"] }, /allowed_tools/],
    ["a tool name with a comma", { disallowed_tools: ["Bash,Edit"] }, /disallowed_tools/],
    ["an unknown permission mode", { permission_mode: "yolo" }, /permission_mode/],
    ["a permission mode this server does not allow", { permission_mode: "plan" }, /not allowed/],
    ["a timeout over the server's limit", { timeout_seconds: 7200 }, /timeout_seconds/],
    ["labels that are not strings", { labels: { team: 5 } }, /labels/],
    ["a label key with spaces", { labels: { "my team": "x" } }, /label/],
    ["a label value with a comma (it could not be filtered on)", { labels: { team: "a,b" } }, /commas/],
  ];
  for (const [name, options, message] of invalid) {
    it(`rejects ${name}`, async () => {
      const before = (await t.list()).json.tasks.length;
      const res = await t.create({ prompt: "@reply never", ...options });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(message);
      expect((await t.list()).json.tasks.length).toBe(before);
    });
  }
});
