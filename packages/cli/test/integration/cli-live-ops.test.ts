/**
 * The CLI's live-task and operations features against the REAL server: per-task option flags,
 * labels, idempotency keys, webhooks in `show`, `list --all --label`, `purge`, `logs -f` over the
 * event stream, `status`. As a subprocess where the process is what is checked (exit codes,
 * output as it comes); in-process elsewhere, the same code path at a fraction of the CPU.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { type LogLine, startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "../support/run-binary.js";
import { runInProcess } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
let receiver: Server;
let receiverUrl: string;
const deliveries: Array<{ event: unknown; signature: string | undefined }> = [];
const cli = (...argv: string[]) => runBinary(argv, env);
const inProcess = (...argv: string[]) => runInProcess(argv, { env });
/** Finished tasks written before the server starts, for the tests that only need them to exist. */
const BATCH = "seeded-batch";
const seededAt = Math.floor(Date.now() / 1000) - 60;
/** The labelled batch, newest first, and a task to purge. */
let seeded: { batch: string[]; finished: string };

beforeAll(async () => {
  // The receiver listens on loopback, which webhooks refuse unless the operator opens it.
  server = await startTestServer({
    env: { WEBHOOK_SECRET: "a-test-secret-of-some-length", WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true" },
    seed: [
      ...[1, 2, 3].map((n) => ({ createdAt: seededAt + n, n, prompt: `@reply ${n}`, labels: { batch: BATCH, n: String(n) } })),
      { createdAt: seededAt, n: 4, prompt: "@reply bye" },
    ],
  });
  seeded = { batch: server.seeded.slice(0, 3).reverse(), finished: server.seeded[3] as string };
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
  receiver = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    deliveries.push({ event: JSON.parse(body), signature: req.headers["x-signature-256"] as string | undefined });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server?.logs());
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

function expectOk(result: { code: number | null; stdout: string; stderr: string }, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("run and send with per-task options", () => {
  let id: string;

  it("run --json: every option flag, labels and the webhook reach the task", async () => {
    const result = await inProcess(
      "run",
      "--json",
      "--wait",
      "--model",
      "claude-test-2",
      "--permission-mode",
      "acceptEdits",
      "--allowed-tools",
      "Read,Bash(echo:*)",
      "--disallowed-tools",
      "WebFetch",
      "--max-turns",
      "7",
      "--append-system-prompt",
      "Answer in one line.",
      "--task-timeout",
      "10m",
      "--label",
      "team=cli",
      "--label",
      "ticket=T-1",
      "--callback-url",
      receiverUrl,
      "--callback-on",
      "status",
      "@reply configured",
    );
    expectOk(result);
    const task = JSON.parse(result.stdout);
    id = task.task_id;
    expect(task.options).toEqual({
      model: "claude-test-2",
      permission_mode: "acceptEdits",
      allowed_tools: ["Read", "Bash(echo:*)"],
      disallowed_tools: ["WebFetch"],
      max_turns: 7,
      append_system_prompt: "Answer in one line.",
      timeout_seconds: 600,
    });
    expect(task.labels).toEqual({ team: "cli", ticket: "T-1" });
    expect(task.callback).toMatchObject({ url: receiverUrl, on: "status" });
    expect(task.result).toMatchObject({ text: "configured" });
  });

  it("send takes the same flags for its run; show lists runs, totals, labels, options and deliveries", async () => {
    const sent = await inProcess("send", "--wait", "--max-turns", "3", "--model", "claude-test-3", id, "@reply again");
    expectOk(sent);
    expect(sent.stdout).toBe("again\n");
    const detail = await client.tasks.get(id);
    expect(detail.runs[1]?.options).toEqual({ max_turns: 3, model: "claude-test-3" });
    // Deliveries run in the background after each status change: wait until two are recorded
    // (the receiver has each before its answer, and the answer before the record).
    await waitFor("two recorded deliveries", async () =>
      ((await client.tasks.get(id)).callback?.attempts.length ?? 0) >= 2 ? true : undefined,
    );
    expect(deliveries.length).toBeGreaterThanOrEqual(2);

    const shown = await inProcess("show", id);
    expectOk(shown);
    expect(shown.stdout).toMatch(/^Labels\s+team=cli, ticket=T-1$/m);
    expect(shown.stdout).toMatch(
      /^Options\s+model=claude-test-2 · permission_mode=acceptEdits · allowed_tools=Read,Bash\(echo:\*\)/m,
    );
    expect(shown.stdout).toMatch(/^Totals\s+\d+ turns · \$[\d.]+$/m);
    expect(shown.stdout).toMatch(/^Runs\n#\s+STATE\s+TOOK\s+COST\s+EXIT\s+PROMPT$/m);
    expect(shown.stdout).toMatch(/^0\s+completed\s+\d+(ms|s)\s+\$[\d.]+\s+0\s+@reply configured$/m);
    expect(shown.stdout).toMatch(/^1\s+completed\s+\d+(ms|s)\s+\$[\d.]+\s+0\s+↳ @reply again$/m);
    expect(shown.stdout).toContain(`Callback ${receiverUrl} (on status)`);
    expect(shown.stdout).toMatch(/^\S+\s+try 1\s+204\s+\d+(ms|s)\s+(just now|\d+s ago)$/m);
    expect(shown.stdout).toMatch(/^Last result\nagain$/m);
  });

  it("--idempotency-key: a retry prints the same id (and says so); another prompt with it exits 6", async () => {
    const key = `cli-${Date.now()}`;
    const first = await cli("run", "--idempotency-key", key, "@reply once");
    expectOk(first);
    const again = await cli("run", "--idempotency-key", key, "@reply once");
    expectOk(again);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/nothing new was started/);
    expect(first.stderr).not.toMatch(/nothing new was started/);
    const conflict = await cli("run", "--idempotency-key", key, "@reply something else");
    expectOk(conflict, 6);
    // The test's shell is outside WORKDIR_ROOT, which `run` notes in a line of its own first.
    const lines = conflict.stderr.trim().split("\n");
    expect(
      lines.filter((line) => !line.startsWith("the current directory is outside")),
      conflict.stderr,
    ).toHaveLength(1);
    expect(conflict.stderr).toMatch(/Idempotency-Key/i);
    await client.waitForTask(first.stdout.trim());
  });

  it("a request the server refuses is a usage error (2) with its reason on one line", async () => {
    const bad = await cli("run", "--max-turns", "3", "--workdir", "/", "@reply x");
    expectOk(bad, 2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: rejected by the server: /);
  });
});

describe("list, purge, status", () => {
  it("list --all --label pages through everything; --limit announces the rest; --search, --sort; --json", async () => {
    const ids = seeded.batch;
    const all = await inProcess("list", "--all", "--label", `batch=${BATCH}`);
    expectOk(all);
    expect(all.stdout).toMatch(/^ID\s+STATUS\s+CREATED\s+COST\s+LABELS\s+PROMPT$/m);
    const listed = all.stdout.split("\n").flatMap((line) => /^(\d+-[0-9a-f]{8})/.exec(line)?.[1] ?? []);
    expect(listed).toEqual(ids);
    expect(all.stdout).toContain(`batch=${BATCH},n=2`);
    const json = JSON.parse((await inProcess("list", "--all", "--json", "--label", `batch=${BATCH}`, "--label", "n=3")).stdout);
    expect(json.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ids[0]]);
    const page = await inProcess("list", "--limit", "2", "--label", `batch=${BATCH}`);
    expectOk(page);
    expect(page.stdout.trim().split("\n")).toHaveLength(3);
    expect(page.stderr).toMatch(/showing the 2 newest; more match: --limit 4, or --all for every one/);
    const found = await inProcess("list", "--search", `BATCH ${BATCH} 2`.toLowerCase(), "--sort", "oldest");
    expect(found.stderr).toMatch(/no tasks match the search/);
    const oldest = JSON.parse((await inProcess("list", "--json", "--sort", "oldest", "--label", `batch=${BATCH}`)).stdout);
    expect(oldest.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([...ids].reverse());
    const byId = JSON.parse((await inProcess("list", "--json", "-q", ids[1] as string)).stdout);
    expect(byId.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ids[1]]);
    const byText = JSON.parse((await inProcess("list", "--json", "--search", "@REPLY 3", "--label", `batch=${BATCH}`)).stdout);
    expect(byText.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ids[0]]);
    const badSort = await inProcess("list", "--sort", "cheapest");
    expectOk(badSort, 2);
    expect(badSort.stderr).toMatch(/--sort.*expected one of newest, oldest, cost/);
    const none = await inProcess("list", "--all", "--label", "batch=nothing-here");
    expectOk(none);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/no batch=nothing-here tasks/);
  });

  it("purge: exit 6 while running, then purged; show is then 4; --json", async () => {
    const running = await client.tasks.create({ prompt: "@sleep 20000\n@reply late" });
    const refused = await cli("purge", running.task_id);
    expectOk(refused, 6);
    expect(refused.stderr).toMatch(/kill it before purging it/);
    await client.tasks.kill(running.task_id);
    const purged = await cli("purge", running.task_id);
    expectOk(purged);
    expect(purged.stdout).toBe(`${running.task_id} purged\n`);
    expectOk(await cli("show", running.task_id), 4);

    const json = await cli("purge", "--json", seeded.finished);
    expectOk(json);
    expect(JSON.parse(json.stdout)).toEqual({ task_id: seeded.finished, purged: true });
  });

  it("status: ready, with task counts; --metrics prints Prometheus text", async () => {
    const human = await inProcess("status");
    expectOk(human);
    expect(human.stdout).toMatch(/^Ready\s+ready$/m);
    expect(human.stdout).toMatch(/^ {2}tmux\s+ok \(tmux .*\)$/m);
    expect(human.stdout).toMatch(/^ {2}claude\s+ok \(2\.\d+\.\d+ at .*\)$/m);
    expect(human.stdout).toMatch(/^ {2}credentials\s+ok \(ANTHROPIC_API_KEY\)$/m);
    expect(human.stdout).toMatch(/^Tasks\s+\d+ running · \d+ queued$/m);
    const json = JSON.parse((await inProcess("status", "--json")).stdout);
    expect(json).toMatchObject({ url: server.url, health: { status: "ok" }, ready: { status: "ready" } });
    const metrics = await inProcess("status", "--metrics");
    expectOk(metrics);
    expect(metrics.stdout).toMatch(/^# (HELP|TYPE) /m);
  });
});

describe("logs -f over the event stream", () => {
  it("prints output as it is written, from one event-stream connection (no polling)", async () => {
    const task = await client.tasks.create({ prompt: "@bash echo early\n@sleep 2500\n@reply the end" });
    const followed = await cli("logs", "-f", task.task_id);
    expectOk(followed);
    const early = followed.chunks.find((chunk) => chunk.text.includes("→ Bash echo early"));
    expect(early).toBeDefined();
    // The tool call was on screen well before the task ended: streamed, not printed at exit.
    expect(followed.endedAt - (early?.at ?? followed.endedAt)).toBeGreaterThan(1500);
    expect(followed.stdout).toMatch(/^the end$/m);
    // Request lines reach the log asynchronously, a moment after their answers start.
    const isRequest = (line: LogLine) => line.msg === "request" && line.task_id === task.task_id;
    await server.waitForLog(
      "the event stream's request line",
      (line) => isRequest(line) && String(line.route).endsWith("/events"),
    );
    const routes = (await server.waitForLog("the task's request lines", isRequest)).map((line) => String(line.route));
    // Everything came over one event stream: no download of the log first.
    expect(routes.filter((route) => route.endsWith("/events"))).toHaveLength(1);
    expect(routes.filter((route) => route.endsWith("/output"))).toHaveLength(0);
  });
});
