// The claude-task action's script, run against the real bundled server (started by the
// chart's start-up script): it creates a task, waits for it, and reports its result and cost.
// claude is a stand-in that answers in stream-json, as the real CLI does.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/helm.js";
import { type LocalPod, startRenderedPod, waitHealthy, writeScript } from "./support/pod.js";
import { http } from "./support/processes.js";

const runScript = path.join(repoRoot, ".github/actions/claude-task/run.sh");

// Answers like `claude -p --output-format stream-json --verbose`; "SLEEP" in the prompt makes it hang.
const fakeClaude = `prompt=$(cat)
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

  async function runAction(env: Record<string, string>) {
    const outputFile = path.join(work, `output-${Math.random().toString(36).slice(2)}`);
    await writeFile(outputFile, "");
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        "bash",
        [runScript],
        {
          env: {
            PATH: process.env.PATH,
            GITHUB_OUTPUT: outputFile,
            CTA_HOST: pod.baseUrl,
            CTA_TOKEN: token,
            CTA_POLL_INTERVAL: "1",
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    return { ...result, outputs: parseOutputs(await readFile(outputFile, "utf8")) };
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

  it("paces its checks on a server that answers ?wait at once (the original API)", async () => {
    // The original API's behaviour, which cannot run here: ?wait is ignored, the task runs
    // for three checks and then completes.
    const seen: number[] = [];
    const original = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
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

  it("gives up after the timeout, kills the task and fails the step", async () => {
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

  it("fails with the server's message on a bad token", async () => {
    const { code, stderr, outputs } = await runAction({ CTA_PROMPT: "x", CTA_TOKEN: "wrong" });
    expect(code).toBe(1);
    expect(stderr).toContain("returned error: 401");
    expect(stderr).toMatch(/::error::could not create the task: \{"error":"[^"]+"/);
    expect(outputs).toEqual({});
  });

  it("rejects missing inputs before calling anything", async () => {
    const { code, stderr } = await runAction({ CTA_PROMPT: "", CTA_HOST: "alice.dev.example.com" });
    expect(code).toBe(1);
    expect(stderr).toContain("::error::input 'prompt' is empty");
  });
});
