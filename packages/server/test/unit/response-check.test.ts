/**
 * The response check finds what breaks openapi.yaml: answers made here on purpose at the
 * operations' paths, each wrong in one way, and the right ones that must pass.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/http/app-env.js";
import { eventProblem } from "../../src/http/response-check/event-check.js";
import { checkResponse, type ResponseViolation, type ViolationReport } from "../../src/http/response-check/response-check.js";

/** The check as the request frame runs it, after the answer is made. */
const responseCheck =
  (report: ViolationReport): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    await next();
    const answer = await checkResponse(c, c.res, report);
    if (answer !== c.res) c.res = answer;
  };

/** An app that answers `path` with `answer`, behind the check; the violations it found. */
async function violationsOf(method: string, path: string, answer: () => Response) {
  const found: ResponseViolation[] = [];
  const app = new Hono<AppEnv>();
  app.use(
    "*",
    responseCheck((v) => found.push(v)),
  );
  // Registered as the server registers the operation: the check knows an operation by its route.
  app.on(method, path.replace(/\/1700000000-deadbeef/, "/:task_id"), answer);
  const res = await app.request(path, { method });
  await res.text();
  return found.map((v) => v.problem);
}

const task = "/api/claude/tasks/1700000000-deadbeef";
const error = (code: string) => ({ error: "x", code });

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const text = (body: string, status = 200, type = "text/plain; charset=UTF-8") =>
  new Response(body, { status, headers: { "content-type": type } });

describe("answers that keep to openapi.yaml", () => {
  it.each<[string, string, string, () => Response]>([
    ["a task list", "GET", "/api/claude/tasks", () => json({ tasks: [] })],
    ["a declared error with its status", "GET", task, () => json(error("task_not_found"), 404)],
    ["the same operation through the /claude door", "GET", `/claude${task}`, () => json(error("task_not_found"), 404)],
    ["a refusal at a token operation's plain path", "GET", "/api/claude/auth/token", () => json(error("unauthorized"), 401)],
    ["plain text where text is declared", "GET", `${task}/output`, () => text("line\n")],
    [
      "a readiness 503 (no error body)",
      "GET",
      "/readyz",
      () => json({ status: "not_ready", checks: { tmux: "x", claude: "y" } }, 503),
    ],
    ["a declared header", "POST", "/api/claude/tasks", () => json(error("validation_failed"), 400)],
    ["a page beside the API", "GET", "/claude/", () => text("<!doctype html>", 200, "text/html")],
    ["an unknown path's 404", "GET", "/nowhere", () => json(error("not_found"), 404)],
  ])("pass: %s", async (_, method, path, answer) => {
    expect(await violationsOf(method, path, answer)).toEqual([]);
  });
});

describe("answers that break openapi.yaml", () => {
  it.each<[string, string, string, () => Response, RegExp]>([
    ["a body off its schema", "GET", "/api/claude/tasks", () => json({ tasks: "none" }), /does not match its schema: tasks:/],
    ["a status not declared", "GET", task, () => json(error("task_finished"), 409), /status 409 is not declared/],
    [
      "an error code with another status",
      "GET",
      task,
      () => json(error("task_not_found"), 400),
      /task_not_found is answered with 404, not 400/,
    ],
    ["an error that is not {error, code}", "GET", task, () => json({ message: "no" }, 404), /does not match its schema/],
    ["a code the spec does not know", "GET", task, () => json(error("gone"), 404), /does not match its schema: code:/],
    ["JSON that is not JSON", "GET", "/api/claude/tasks", () => text("{", 200, "application/json"), /not JSON/],
    ["another media type", "GET", "/api/claude/tasks", () => text("[]"), /content type text\/plain is not declared/],
    [
      "a header off its schema",
      "POST",
      "/api/claude/tasks",
      () => json(error("x"), 201, { "idempotent-replayed": "yes" }),
      /header idempotent-replayed/,
    ],
    ["an error page that is not JSON", "GET", "/nowhere", () => text("Not Found", 404), /an error answer of type text\/plain/],
    [
      "a door's refusal off the error model",
      "GET",
      "/oauth/claude/",
      () => json(error("cross_site"), 401),
      /cross_site is answered with 403/,
    ],
  ])("fail: %s", async (_, method, path, answer, problem) => {
    const found = await violationsOf(method, path, answer);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(problem);
  });

  it("checks an event stream's events as they pass, leaving the stream as it was", async () => {
    const found: ResponseViolation[] = [];
    const app = new Hono<AppEnv>();
    app.use(
      "*",
      responseCheck((v) => found.push(v)),
    );
    app.get("/api/claude/tasks/:task_id/events", (c) =>
      streamSSE(c, async (stream) => {
        await stream.write(": heartbeat\n\n");
        await stream.writeSSE({ event: "status", data: JSON.stringify({ task_id: "t", status: "running", runs: [] }) });
        await stream.writeSSE({ event: "assistant", data: JSON.stringify({ type: "assistant" }), id: "120" });
        await stream.writeSSE({ event: "end", data: JSON.stringify({ status: "sleeping" }) });
      }),
    );
    const body = await (await app.request(`${task}/events`)).text();
    expect(body).toContain('"status":"sleeping"');
    expect(found.map((v) => v.problem)).toEqual([
      expect.stringMatching(/^event end whose data does not match its schema: status:/),
    ]);
  });
});

describe("eventProblem", () => {
  it.each([
    ["a heartbeat", ": heartbeat", undefined],
    ["a status", 'event: status\ndata: {"task_id":"t","status":"completed","runs":[{"index":0,"state":"completed"}]}', undefined],
    ["a log line", 'event: result\ndata: {"type":"result","is_error":false}\nid: 42', undefined],
    ["stderr as a JSON string", 'event: text\ndata: "oops"\nid: 7', undefined],
    ["stderr as raw text", "event: text\ndata: oops", /not JSON/],
    ["an exit without its code", 'event: exit\ndata: {"code":1}', /exit_code/],
    ["a log line of another type", 'event: result\ndata: {"type":"assistant"}', /not a stream-json line of that type/],
    ["an id that is no byte position", 'event: text\ndata: "x"\nid: abc', /byte position/],
    ["an event without a name", 'data: {"type":"x"}', /without a name/],
    ["an unknown field", "retry: 5", /unknown field retry/],
  ])("%s", (_, frame, problem) => {
    const found = eventProblem(frame);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
