/**
 * Structured results with the real claude CLI: output_schema reaches claude as --json-schema,
 * the scripted model answers through the StructuredOutput tool, and a run whose answer never
 * matches the schema is an error although claude itself ends "success".
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  t = api(server);
});
afterAll(() => server?.stop());

const schema = {
  type: "object",
  properties: { answer: { type: "number" }, reason: { type: "string" } },
  required: ["answer"],
  additionalProperties: false,
};

describe("output_schema", () => {
  it("puts what Claude returned through StructuredOutput in result.structured_output, for that run only", async () => {
    const created = await t.create({
      prompt: '@tool StructuredOutput {"answer": 42, "reason": "scripted"}',
      output_schema: schema,
    });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.result).toMatchObject({ is_error: false, structured_output: { answer: 42, reason: "scripted" } });
    expect(done.runs[0].options).toEqual({ output_schema: schema });
    expect(done.options?.output_schema).toBeUndefined();
    // The model was offered the tool with the caller's schema as its input schema.
    const request = server.model.requests.find((r) => r.kind === "conversation" && r.prompt?.includes("StructuredOutput"));
    const body = request?.body as { tools?: Array<{ name: string; input_schema: unknown }> } | undefined;
    const tools = body?.tools ?? [];
    expect(tools.find((tool) => tool.name === "StructuredOutput")?.input_schema).toMatchObject({ properties: schema.properties });

    // A follow-up without a schema is a plain run; one with a schema gets its own.
    await t.message(id, "@reply plain follow-up");
    const plain = await t.finished(id);
    expect(plain.status).toBe("completed");
    expect(plain.runs[1].result.structured_output).toBeUndefined();
    expect(plain.runs[1].result.is_error).toBe(false);
    const second = await t.call("POST", `/api/claude/tasks/${id}/message`, {
      body: { prompt: '@tool StructuredOutput {"answer": 7}', output_schema: schema },
    });
    expect(second.status).toBe(200);
    const last = await t.finished(id);
    expect(last.runs[2].result.structured_output).toEqual({ answer: 7 });
  });

  it("marks the run as an error, with the reason, when Claude's output never matches the schema", async () => {
    const created = await t.create({
      prompt: '@tool StructuredOutput {"answer": "not a number"}',
      output_schema: schema,
    });
    const id = created.json.task_id;
    const done = await t.finished(id);
    // claude itself ended "success" with exit status 0, without structured_output.
    const result = events((await t.output(id)).text).find((e) => e.type === "result");
    expect(result).toMatchObject({ subtype: "success" });
    expect(result?.structured_output).toBeUndefined();
    expect(done.runs[0].exit_code).toBe(0);
    expect(done.status).toBe("error");
    expect(done.error_kind).toBe("output_schema");
    expect(done.runs[0].error_kind).toBe("output_schema");
    expect(done.error).toMatch(/structured output/i);
    expect(done.result).toMatchObject({ is_error: true, error: expect.stringMatching(/output_schema/) });
    expect(done.result.structured_output).toBeUndefined();
  });

  it("refuses an output_schema over 64 KiB and one that is not an object", async () => {
    const big = { type: "object", description: "x".repeat(64 * 1024) };
    const tooBig = await t.create({ prompt: "@reply x", output_schema: big });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json).toMatchObject({ code: "validation_failed", error: expect.stringContaining("output_schema") });
    const notObject = await t.create({ prompt: "@reply x", output_schema: "string" });
    expect(notObject.status).toBe(400);
    expect(notObject.json.code).toBe("validation_failed");
    // Nothing was created for either.
    expect((await t.list()).json.tasks.filter((task: { prompt: string }) => task.prompt === "@reply x")).toHaveLength(0);
  });
});
