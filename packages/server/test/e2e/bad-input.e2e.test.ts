/** Every kind of bad input gets a clear 4xx JSON error, and no task is created. */
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http } from "../helpers/http.js";

let server: TestServer;
let outside: string;
// Finished tasks for the tests that only need one to exist (a bad query string, a refused
// follow-up): written before the server starts, not run.
let seeded: { tail: string; argv: string; noPrompt: string };

beforeAll(async () => {
  const at = Math.floor(Date.now() / 1000) - 60;
  server = await startTestServer({
    env: { MAX_BODY_BYTES: String(2 * 1024 * 1024) },
    seed: [
      { createdAt: at, n: 1, prompt: "@reply t" },
      { createdAt: at, n: 2, prompt: "@reply t" },
      { createdAt: at, n: 3, prompt: "@reply t" },
    ],
  });
  const [tail, argv, noPrompt] = server.seeded as [string, string, string];
  seeded = { tail, argv, noPrompt };
  outside = path.join(server.root, "outside");
  mkdirSync(outside);
  mkdirSync(path.join(server.workdirRoot, "project"));
  writeFileSync(path.join(server.workdirRoot, "a-file"), "x");
  symlinkSync(outside, path.join(server.workdirRoot, "escape"));
});
afterAll(() => server?.stop());

/** A JSON object nested `depth` levels deep, as text. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}{}${"}".repeat(depth)}`;
/** A task's folder in TASKS_DIR (beside the server's own files: tokens, schedules, the audit log). */
const TASK_FOLDER = /^[0-9]{1,12}-[0-9a-f]{8}$/;
/** The folders of tasks the requests created (the seeded ones were there before). */
const taskDirs = () => readdirSync(server.tasksDir).filter((e) => TASK_FOLDER.test(e) && !server.seeded.includes(e));
const post = (body: unknown, headers?: Record<string, string>) =>
  http(server.url, "POST", "/api/claude/tasks", {
    token: server.token,
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

describe("creating a task with bad input", () => {
  const cases: Array<[string, unknown, string, RegExp?]> = [
    ["malformed JSON", "{not json", "invalid_json"],
    ["an empty body", "", "invalid_json"],
    ["a JSON array", [], "validation_failed"],
    ["no prompt", { workdir: "/tmp" }, "validation_failed", /prompt is required/],
    ["an empty prompt", { prompt: "" }, "validation_failed"],
    ["a whitespace prompt", { prompt: "  \n\t " }, "validation_failed", /prompt/],
    ["a numeric prompt", { prompt: 42 }, "validation_failed", /prompt/],
    ["an unknown field", { prompt: "hi", workDir: "/x" }, "validation_failed", /workDir/],
    ["a workdir that does not exist", { prompt: "hi", workdir: "nope/never" }, "invalid_workdir", /does not exist/],
    ["a workdir that is a file", { prompt: "hi", workdir: "a-file" }, "invalid_workdir", /not a directory/],
    ["a workdir outside the root", { prompt: "hi", workdir: "/etc" }, "invalid_workdir", /must be inside/],
    ["a workdir escaping with ..", { prompt: "hi", workdir: "project/../../outside" }, "invalid_workdir", /must be inside/],
    ["a workdir escaping through a symlink", { prompt: "hi", workdir: "escape" }, "invalid_workdir", /must be inside/],
    ["a workdir with a NUL byte", { prompt: "hi", workdir: "project\u0000x" }, "invalid_workdir", /NUL/],
    // Values claude's argv cannot carry: refused here rather than failing the run at launch.
    [
      "an append_system_prompt with a NUL byte",
      { prompt: "hi", append_system_prompt: "be\u0000brief" },
      "validation_failed",
      /append_system_prompt must not contain NUL/,
    ],
    ["a model with a NUL byte", { prompt: "hi", model: "sonnet\u0000x" }, "validation_failed", /model/],
    [
      "an append_system_prompt over Linux's 128 KiB argument limit as UTF-8",
      { prompt: "hi", append_system_prompt: "é".repeat(70_000) },
      "validation_failed",
      /--append-system-prompt is 140023 bytes as an argument; the system allows at most 131071/,
    ],
    // Written as text: JSON.stringify itself overflows the stack on an object this deep.
    [
      "an output_schema nested 4,500 deep",
      `{"prompt":"hi","output_schema":${nested(4500)}}`,
      "validation_failed",
      /output_schema is nested deeper than 64 levels/,
    ],
  ];
  for (const [name, body, code, message] of cases) {
    it(`rejects ${name}`, async () => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(code);
      if (message) expect(res.json.error).toMatch(message);
      expect(taskDirs()).toEqual([]);
    });
  }

  it("rejects a body that is not declared as JSON", async () => {
    const res = await post({ prompt: "hi" }, { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/Content-Type: application\/json/);
    expect(taskDirs()).toEqual([]);
  });

  it("answers 413 for a body over the limit", async () => {
    const res = await post({ prompt: "x".repeat(2 * 1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(res.json.code).toBe("payload_too_large");
    expect(taskDirs()).toEqual([]);
  });

  it("accepts a workdir inside the root, by relative or absolute path", async () => {
    const res = await post({ prompt: "@reply ok", workdir: path.join(server.workdirRoot, "project") });
    expect(res.status).toBe(201);
    expect(res.json.workdir).toBe(path.join(server.workdirRoot, "project"));
  });
});

describe("bad task ids and query strings", () => {
  it("answers an unknown task with the documented 404", async () => {
    const res = await http(server.url, "GET", "/api/claude/tasks/1700000000-deadbeef", { token: server.token });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "Task not found", code: "task_not_found" });
  });

  for (const id of ["..%2F..%2Fetc", "1700000000-DEADBEEF", "abc", "1700000000-deadbeef0"]) {
    it(`rejects the malformed id ${id} before touching the disk`, async () => {
      const res = await http(server.url, "GET", `/api/claude/tasks/${id}`, { token: server.token });
      expect([400, 404]).toContain(res.status);
      expect(typeof res.json.code).toBe("string");
    });
  }

  for (const tail of ["-1", "0", "abc", "1.5", "99999999999", ""]) {
    it(`rejects tail=${JSON.stringify(tail)}`, async () => {
      const res = await http(server.url, "GET", `/api/claude/tasks/${seeded.tail}/output?tail=${tail}`, {
        token: server.token,
      });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe("validation_failed");
      expect(res.json.error).toMatch(/tail/);
    });
  }

  it("rejects a follow-up whose options claude's argv cannot carry, and keeps the task as it was", async () => {
    const id = seeded.argv;
    for (const append_system_prompt of ["a\u0000b", "é".repeat(70_000)]) {
      const res = await http(server.url, "POST", `/api/claude/tasks/${id}/message`, {
        token: server.token,
        body: { prompt: "@reply again", append_system_prompt },
      });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe("validation_failed");
    }
    const deep = await http(server.url, "POST", `/api/claude/tasks/${id}/message`, {
      token: server.token,
      rawBody: `{"prompt":"@reply again","output_schema":${nested(4500)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(deep.status).toBe(400);
    expect(deep.json).toMatchObject({ code: "validation_failed", error: expect.stringMatching(/output_schema is nested/) });
    const detail = await http(server.url, "GET", `/api/claude/tasks/${id}`, { token: server.token });
    expect(detail.json.followups).toEqual([]);
  });

  it("rejects a follow-up with no prompt and keeps the task as it was", async () => {
    const id = seeded.noPrompt;
    const res = await http(server.url, "POST", `/api/claude/tasks/${id}/message`, { token: server.token, body: { prompt: " " } });
    expect(res.status).toBe(400);
    // For the prompt, not for anything else about the task (a seeded task's workdir is outside the root).
    expect(res.json).toMatchObject({ code: "validation_failed", error: expect.stringMatching(/prompt/) });
    const detail = await http(server.url, "GET", `/api/claude/tasks/${id}`, { token: server.token });
    expect(detail.json.followups).toEqual([]);
  });
});
