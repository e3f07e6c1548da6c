// The claude-task action's script, run against the real bundled server (started by the
// chart's start-up script): it creates a task, waits for it, and reports its result and cost.
// claude is a stand-in that answers in stream-json, as the real CLI does.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { json, startLocalServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./support/helm.js";
import { type LocalPod, startRenderedPod, waitHealthy, writeScript } from "./support/pod.js";
import { http } from "./support/processes.js";

const runScript = path.join(repoRoot, ".github/actions/claude-task/run.sh");

// Answers like `claude -p --output-format stream-json --verbose --input-format=stream-json`: the
// prompt is the first line on stdin, a user message. "SLEEP" in the prompt makes it hang.
const fakeClaude = `prompt=$(head -n 1 | jq -r .message.content)
case "$prompt" in *SLEEP*) exec sleep 60 ;; esac
echo '{"type":"system","subtype":"init","session_id":"s"}'
echo 'not json: a line the action must skip'
printf '{"type":"result","subtype":"success","is_error":false,"result":%s,"total_cost_usd":0.0123}\\n' \\
  "$(printf 'Reviewed: %s\\nLine two' "$prompt" | jq -Rs .)"`;

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([a-z_]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1] as string] = m[3] as string;
  return outputs;
}

describe("claude-task action (run.sh)", () => {
  let pod: LocalPod;
  let token: string;
  let work: string;

  /** Starts run.sh as the action's step does; `done` resolves with its exit code, output and outputs. */
  async function startAction(env: Record<string, string>) {
    const outputFile = path.join(work, `output-${Math.random().toString(36).slice(2)}`);
    await writeFile(outputFile, "");
    const child: ChildProcess = spawn("bash", [runScript], {
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: outputFile,
        CTA_HOST: pod.baseUrl,
        CTA_TOKEN: token,
        CTA_POLL_INTERVAL: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const outputs = async () => parseOutputs(await readFile(outputFile, "utf8"));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("close", (code, signal) => resolve({ code, signal })),
    ).then(async ({ code }) => ({ code, stdout, stderr, outputs: await outputs() }));
    return { child, done, outputs };
  }

  async function runAction(env: Record<string, string>) {
    return (await startAction(env)).done;
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cta-action-"));
    const claude = await writeScript(path.join(work, "claude"), fakeClaude);
    pod = await startRenderedPod({ values: { taskApi: { claudeBin: claude } } });
    await waitHealthy(pod);
    token = (
      await http(`${pod.baseUrl}/oauth/api/claude/auth/token`, { headers: { "x-auth-request-email": "alice@example.com" } })
    ).body.token;
  });

  afterAll(async () => {
    await pod?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it("runs a task to completion and outputs its id, status, result and cost", async () => {
    const { code, stdout, stderr, outputs } = await runAction({ CTA_PROMPT: "review 'this' \"diff\"", CTA_WORKDIR: pod.home });
    expect(code, stderr).toBe(0);
    expect(outputs.task_id).toMatch(/^\d+-[0-9a-f]+$/);
    expect(outputs).toMatchObject({
      status: "completed",
      result: "Reviewed: review 'this' \"diff\"\nLine two",
      cost: "0.0123",
    });
    // The token is masked in the log and never printed.
    expect(stdout).toContain(`::add-mask::${token}`);
    expect(stdout.replace(`::add-mask::${token}`, "") + stderr).not.toContain(token);
  });

  it("long-polls: the step ends as the task does, not a poll interval later", async () => {
    const started = Date.now();
    const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "quick", CTA_POLL_INTERVAL: "600" });
    expect(code, stderr).toBe(0);
    expect(outputs.status).toBe("completed");
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  // The next three wait on the action's pacing, timeout and retry delays (about 3 s each) and
  // share nothing but the pod: they wait side by side.
  it.concurrent("paces its checks on a server that answers ?wait at once (the original API)", async ({ expect }) => {
    // The original API's behaviour, which cannot run here: ?wait is ignored, the task runs
    // for three checks and then completes.
    const seen: number[] = [];
    const original = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      // The original API publishes no openapi.json: the action checks its inputs no further.
      if (req.url === "/api/claude/openapi.json") return void res.writeHead(404).end("{}");
      if (req.method === "POST") return void res.end(JSON.stringify({ task_id: "1700000000-0000abcd", status: "running" }));
      seen.push(Date.now());
      const status = seen.length > 3 ? "completed" : "running";
      res.end(JSON.stringify({ task_id: "1700000000-0000abcd", status }));
    });
    await new Promise<void>((resolve) => original.listen(0, "127.0.0.1", resolve));
    try {
      const port = (original.address() as AddressInfo).port;
      const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "x", CTA_HOST: `http://127.0.0.1:${port}` });
      expect(code, stderr).toBe(0);
      expect(outputs.status).toBe("completed");
      // Four status checks (then the final read and the log), about a poll interval (1 s) apart:
      // neither a tight loop nor a minute-long hang.
      const gaps = seen.slice(1, 4).map((t, i) => t - (seen[i] as number));
      for (const gap of gaps) expect(gap).toBeGreaterThan(700);
      expect((seen.at(-1) as number) - (seen[0] as number)).toBeLessThan(15_000);
    } finally {
      original.close();
    }
  });

  it.concurrent("gives up after the timeout, kills the task and fails the step", async ({ expect }) => {
    const { code, stdout, outputs } = await runAction({ CTA_PROMPT: "SLEEP please", CTA_TIMEOUT: "2" });
    expect(code).toBe(1);
    expect(outputs.status).toBe("timeout");
    expect(stdout).toContain("still running after 2s");
    const detail = await waitFor("the task to be killed", async () => {
      const task = await http(`${pod.baseUrl}/api/claude/tasks/${outputs.task_id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return task.body.status === "killed" ? task.body : undefined;
    });
    expect(detail.status).toBe("killed");
  });

  it.concurrent("retries a create that got no good answer with the same Idempotency-Key, derived from the run", async ({
    expect,
  }) => {
    let creates = 0;
    const server = await startLocalServer((req, res) => {
      if (req.method !== "POST") return json(res, 200, { task_id: "1700000000-0000abcd", status: "completed" });
      creates += 1;
      return creates < 3
        ? json(res, 503, { error: "busy", code: "x" })
        : json(res, 201, { task_id: "1700000000-0000abcd", status: "running" });
    });
    try {
      const run = { GITHUB_RUN_ID: "987654", GITHUB_RUN_ATTEMPT: "2", GITHUB_JOB: "review", GITHUB_ACTION: "claude" };
      const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "x", CTA_HOST: server.url, CTA_TIMEOUT: "60", ...run });
      expect(code, stderr).toBe(0);
      expect(outputs.status).toBe("completed");
      const posts = server.requests.filter((r) => r.method === "POST");
      expect(posts).toHaveLength(3);
      const keys = new Set(posts.map((r) => r.headers["idempotency-key"]));
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^987654-2-review-claude-[0-9a-f]{16}$/);
      // The task is bounded on the server too (a minute after the step gives up): a runner that
      // dies outright does not leave it running.
      expect(JSON.parse(posts[0]?.body ?? "{}")).toEqual({ prompt: "x", timeout_seconds: 120 });
    } finally {
      await server.close();
    }
  });

  it("fails at once with the server's message on a bad token", async () => {
    const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "x", CTA_TOKEN: "wrong" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/::error::could not create the task: HTTP 401: \S/);
    expect(outputs).toEqual({});
  });

  it("stops at once on 401, 403 and 404 from a server that keeps answering so, with the reason", async () => {
    for (const status of [401, 403, 404]) {
      const server = await startLocalServer((_req, res) => json(res, status, { error: `refused with ${status}`, code: "x" }));
      try {
        const started = Date.now();
        const { code, stderr } = await runAction({ CTA_PROMPT: "x", CTA_HOST: server.url, CTA_TIMEOUT: "25" });
        expect(code).toBe(1);
        expect(stderr).toContain(`::error::could not create the task: HTTP ${status}: refused with ${status}`);
        // The API description, then one create, no retries: a rotated token must not wait out the 25 s timeout.
        expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
          "GET /api/claude/openapi.json",
          "POST /api/claude/tasks",
        ]);
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        await server.close();
      }
    }
  });

  it("stops at once when the task it waits for answers 404 (purged, or another workspace)", async () => {
    const server = await startLocalServer((req, res) =>
      req.method === "POST"
        ? json(res, 201, { task_id: "1700000000-0000abcd", status: "running" })
        : json(res, 404, { error: "Task 1700000000-0000abcd not found", code: "task_not_found" }),
    );
    try {
      const started = Date.now();
      const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "x", CTA_HOST: server.url, CTA_TIMEOUT: "25" });
      expect(code).toBe(1);
      expect(stderr).toContain("::error::could not read task 1700000000-0000abcd: HTTP 404: Task 1700000000-0000abcd not found");
      expect(outputs.task_id).toBe("1700000000-0000abcd");
      expect(server.requests.filter((r) => r.url !== "/api/claude/openapi.json")).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await server.close();
    }
  });

  it("passes model, permission mode, allowed tools, max turns and budget to the task, and replays a repeated create", async () => {
    const run = { GITHUB_RUN_ID: "555", GITHUB_RUN_ATTEMPT: "1", GITHUB_JOB: "review", GITHUB_ACTION: "claude" };
    const inputs = {
      CTA_PROMPT: "review with options",
      CTA_MODEL: "sonnet",
      CTA_PERMISSION_MODE: "plan",
      CTA_ALLOWED_TOOLS: "Read, Grep\nBash(git diff:*)",
      CTA_MAX_TURNS: "3",
      CTA_MAX_BUDGET_USD: "2.5",
      CTA_TIMEOUT: "120",
      ...run,
    };
    const first = await runAction(inputs);
    expect(first.code, first.stderr).toBe(0);
    const task = await http(`${pod.baseUrl}/api/claude/tasks/${first.outputs.task_id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(task.body.options).toMatchObject({
      model: "sonnet",
      permission_mode: "plan",
      allowed_tools: ["Read", "Grep", "Bash(git diff:*)"],
      max_turns: 3,
      timeout_seconds: 180,
    });
    expect(task.body.max_budget_usd).toBe(2.5);
    // The same step of the same run attempt: the server returns the task it already started.
    const again = await runAction(inputs);
    expect(again.code, again.stderr).toBe(0);
    expect(again.outputs.task_id).toBe(first.outputs.task_id);
  });

  // Two independent tasks, each cancelled mid-run: side by side.
  it.concurrent.for([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("kills its task at once when the job is cancelled (%s)", async ([signal, exitCode], { expect }) => {
    const action = await startAction({ CTA_PROMPT: "SLEEP until cancelled", CTA_TIMEOUT: "600" });
    // Mid-run: the task exists and the step is in a 60 s long poll.
    const { task_id: taskId } = await waitFor("the task id output", async () => {
      const outputs = await action.outputs();
      return outputs.task_id ? outputs : undefined;
    });
    const auth = { authorization: `Bearer ${token}` };
    expect((await http(`${pod.baseUrl}/api/claude/tasks/${taskId}`, { headers: auth })).body.status).toBe("running");
    const cancelledAt = Date.now();
    action.child.kill(signal);
    const { code, stdout, outputs } = await action.done;
    expect(code).toBe(exitCode);
    // Not after the 60 s long poll the step was in.
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    expect(stdout).toContain(`::warning::cancelled: killing task ${taskId}`);
    expect(outputs.status).toBe("cancelled");
    const detail = (await http(`${pod.baseUrl}/api/claude/tasks/${taskId}`, { headers: auth })).body;
    expect(detail.status).toBe("killed");
  });

  it("rejects bad new inputs before creating anything, by the limits the server's openapi.json gives", async () => {
    // The server's description of its API; every other request fails.
    const spec = parse(await readFile(path.join(repoRoot, "openapi.yaml"), "utf8"));
    const server = await startLocalServer((req, res) =>
      req.url === "/api/claude/openapi.json" ? json(res, 200, spec) : json(res, 500, {}),
    );
    try {
      for (const [env, message] of [
        [
          { CTA_PERMISSION_MODE: "yolo" },
          "input 'permission-mode' must be one of: default, acceptEdits, plan, bypassPermissions",
        ],
        [{ CTA_MAX_TURNS: "1001" }, "input 'max-turns' must be a number from 1 to 1000 (the server's limit), got '1001'"],
        [{ CTA_TIMEOUT: "604801" }, "input 'timeout' must be a number of seconds from 1 to 604800 (the server's limit)"],
        [{ CTA_MAX_TURNS: "0" }, "input 'max-turns' must be a whole number (1 or more), got '0'"],
        [{ CTA_MAX_BUDGET_USD: "$5" }, "input 'max-budget-usd' must be US dollars such as 2 or 0.50, got '$5'"],
        [{ CTA_TIMEOUT: "0" }, "input 'timeout' must be a whole number of seconds (1 or more), got '0'"],
      ] as const) {
        const { code, stderr } = await runAction({ CTA_PROMPT: "x", CTA_HOST: server.url, ...env });
        expect(code).toBe(1);
        expect(stderr).toContain(message);
      }
      // The shape errors stop before any request; the range errors after reading the description only.
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill("GET /api/claude/openapi.json"));
    } finally {
      await server.close();
    }
  });

  it("ignores a value of openapi.json that is not the shape it expects (it would be printed in a workflow command)", async () => {
    const spec = parse(await readFile(path.join(repoRoot, "openapi.yaml"), "utf8"));
    spec.components.schemas.RunOptions.properties.permission_mode.enum = ["default", "plan\n::warning::injected"];
    const server = await startLocalServer((req, res) =>
      req.url === "/api/claude/openapi.json"
        ? json(res, 200, spec)
        : json(res, 400, { error: "bad mode", code: "validation_failed" }),
    );
    try {
      const { code, stdout, stderr } = await runAction({ CTA_PROMPT: "x", CTA_HOST: server.url, CTA_PERMISSION_MODE: "yolo" });
      expect(code).toBe(1);
      // Not checked here: the server refuses the mode itself, and the injected line is never printed.
      expect(stderr).toContain("::error::could not create the task: HTTP 400: bad mode");
      expect(stdout + stderr).not.toContain("injected");
    } finally {
      await server.close();
    }
  });

  it("rejects missing inputs before calling anything", async () => {
    const { code, stderr } = await runAction({ CTA_PROMPT: "", CTA_HOST: "alice.dev.example.com" });
    expect(code).toBe(1);
    expect(stderr).toContain("::error::input 'prompt' is empty");
  });
});
