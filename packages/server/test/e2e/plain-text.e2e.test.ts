/**
 * Every text/plain answer carries `X-Content-Type-Options: nosniff`: a task's log and diff hold
 * what a model or a repository wrote (here an HTML page with a script), and a browser that
 * guessed it was HTML would run it on this origin. The operations checked are read from
 * openapi.yaml, so a new text/plain answer fails here until it is checked too.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { api } from "../helpers/api.js";
import { type HttpResult, http } from "../helpers/http.js";

const HOSTILE_PAGE = "<!doctype html><html><body><script>parent.stolen = document.cookie</script></body></html>";

let server: TestServer;
let t: ReturnType<typeof api>;
let id: string;

beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true" } });
  t = api(server);
  const repo = path.join(server.workdirRoot, "repo");
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-C", repo, ...args]);
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(repo, "README.md"), "original\n");
  git("add", "-A");
  git("commit", "-q", "-m", "initial");
  const created = await t.create({
    prompt: `@write page.html ${HOSTILE_PAGE}\n@reply ${HOSTILE_PAGE}`,
    workdir: "repo",
    isolation: "worktree",
  });
  expect(created.status, created.text).toBe(201);
  id = created.json.task_id;
  expect((await t.finished(id)).status).toBe("completed");
});
afterAll(() => server?.stop());

/** operationId of every operation with a text/plain answer in the spec. */
function plainTextOperations(): string[] {
  const spec = parse(readFileSync(fileURLToPath(new URL("../../../../openapi.yaml", import.meta.url)), "utf8"));
  const ids: string[] = [];
  for (const item of Object.values(spec.paths as Record<string, Record<string, unknown>>))
    for (const operation of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, unknown> }>) {
      const answers = Object.values(operation?.responses ?? {}) as Array<{ content?: Record<string, unknown> }>;
      if (operation.operationId && answers.some((answer) => answer?.content?.["text/plain"])) ids.push(operation.operationId);
    }
  return ids.sort();
}

function expectNosniff(res: HttpResult, what: string): void {
  expect(res.status, `${what}: ${res.text}`).toBe(200);
  expect(res.headers.get("content-type"), what).toMatch(/^text\/plain/);
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
}

describe("text/plain answers", () => {
  it("are the log, the diff and the metrics, and each says nosniff (on the bearer and the /oauth door)", async () => {
    expect(plainTextOperations()).toEqual(["getMetrics", "getTaskDiff", "getTaskOutput"]);

    const log = await t.output(id);
    expect(log.text).toContain("<script>");
    expectNosniff(log, "the whole log (streamed)");
    expectNosniff(await t.output(id, "?tail=3"), "the log's tail");
    const diff = await t.call("GET", `/api/claude/tasks/${id}/diff`);
    expect(diff.text).toContain(`+${HOSTILE_PAGE}`);
    expectNosniff(diff, "the diff");
    expectNosniff(await t.call("GET", "/api/claude/metrics"), "the metrics");

    const identity = { "X-Auth-Request-User": "alice" };
    for (const route of [`/tasks/${id}/output`, `/tasks/${id}/diff`, "/metrics"])
      expectNosniff(await http(server.url, "GET", `/oauth/api/claude${route}`, { headers: identity }), `/oauth ${route}`);
  });
});
