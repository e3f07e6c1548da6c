/** Pins the public surface to the generated spec types, and checks it has no `any`. */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { components } from "../src/generated/openapi.js";
import {
  createClient,
  type McpServerStatus,
  type StandardJSONSchema,
  type StreamEvent,
  type TaskApiClient,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEventName,
  type WebhookPayload,
} from "../src/index.js";

type Schemas = components["schemas"];
const client = createClient();

describe("public types", () => {
  it("methods take and return the generated schemas", () => {
    expectTypeOf<Schemas["CreateTaskRequest"]>().toExtend<Parameters<typeof client.tasks.create>[0]>();
    expectTypeOf(client.tasks.create({ prompt: "x" })).resolves.toEqualTypeOf<Schemas["Task"]>();
    expectTypeOf(client.tasks.list).returns.resolves.toEqualTypeOf<Schemas["TaskList"]>();
    expectTypeOf(client.tasks.get).returns.resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.output).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf<Schemas["MessageRequest"]>().toExtend<Parameters<typeof client.tasks.sendMessage>[1]>();
    expectTypeOf(client.tasks.sendMessage).returns.resolves.toEqualTypeOf<Schemas["MessageResponse"]>();
    expectTypeOf(client.tasks.kill).returns.resolves.toEqualTypeOf<Schemas["KillResponse"]>();
    expectTypeOf(client.tasks.purge).returns.resolves.toEqualTypeOf<Schemas["PurgeResponse"]>();
    expectTypeOf(client.tasks.list)
      .parameter(0)
      .toExtend<
        | { status?: string | readonly Schemas["TaskStatus"][]; labels?: Record<string, string>; limit?: number; cursor?: string }
        | undefined
      >();
    expectTypeOf(client.tasks.listAll).returns.toEqualTypeOf<AsyncIterableIterator<Schemas["TaskSummary"]>>();
    expectTypeOf(client.ready).returns.resolves.toEqualTypeOf<Schemas["Readiness"]>();
    expectTypeOf(client.metrics).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(client.waitForTask("x")).resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.wait("x")).resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.follow).returns.toEqualTypeOf<AsyncIterableIterator<StreamEvent>>();
    // Secrets and MCP servers per task: names in, names (and MCP statuses) out, never values.
    expectTypeOf<Parameters<typeof client.tasks.create>[0]["secrets"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Parameters<typeof client.tasks.create>[0]["mcp_servers"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Schemas["TaskDetail"]["mcp_servers"]>().toEqualTypeOf<McpServerStatus[] | undefined>();
    expectTypeOf(client.tasks.followLines).returns.toEqualTypeOf<AsyncIterableIterator<string>>();
    expectTypeOf<Schemas["Task"]["error_kind"]>().toEqualTypeOf<
      | "auth"
      | "credit"
      | "rate_limited"
      | "api_error"
      | "max_turns"
      | "timeout"
      | "killed"
      | "output_schema"
      | "cli_failed"
      | "budget"
      | "interrupted"
      | undefined
    >();
    expectTypeOf(client.serverInfo).returns.resolves.toEqualTypeOf<Schemas["ServerInfo"]>();
    expectTypeOf(client.tasks.update).parameter(1).toEqualTypeOf<{ max_budget_usd: number }>();
    expectTypeOf(client.tasks.update).returns.resolves.toEqualTypeOf<Schemas["Task"]>();
    expectTypeOf(client.usage.get).returns.resolves.toEqualTypeOf<Schemas["Usage"]>();
    expectTypeOf<Schemas["TaskSummary"]["attention"]>().toEqualTypeOf<"approval" | "budget" | undefined>();
    expectTypeOf<Schemas["RunOptions"]["effort"]>().toEqualTypeOf<"low" | "medium" | "high" | "xhigh" | "max" | undefined>();
    expectTypeOf(client.tasks.diff("x")).resolves.toEqualTypeOf<string>();
    expectTypeOf(client.tasks.diff("x", { stat: true })).resolves.toEqualTypeOf<Schemas["DiffStat"]>();
    expectTypeOf(client.followOutput).returns.toEqualTypeOf<AsyncIterableIterator<StreamEvent>>();
  });

  it("types webhook deliveries from the spec's webhooks section", () => {
    expectTypeOf<WebhookPayload>().toEqualTypeOf<Schemas["WebhookPayload"]>();
    expectTypeOf<WebhookEventName>().toEqualTypeOf<"task.finished" | "task.status" | "task.approval_requested">();
    expectTypeOf<WebhookPayload["task"]["error_kind"]>().toEqualTypeOf<Schemas["ErrorKind"] | undefined>();
    expectTypeOf(WEBHOOK_SIGNATURE_HEADER).toEqualTypeOf<"x-claude-tasks-signature">();
  });

  it("types structured_output by the caller's schema", async () => {
    const schema = {} as StandardJSONSchema<{ answer: number }>;
    const task = await client.tasks.create({ prompt: "x", outputSchema: schema });
    expectTypeOf(task.result?.structured_output).toEqualTypeOf<{ answer: number } | undefined>();
    expectTypeOf(task.task_id).toEqualTypeOf<string>();
    const fromZod = await client.tasks.create({ prompt: "x", outputSchema: z.object({ ok: z.boolean() }) });
    expectTypeOf(fromZod.result?.structured_output).toEqualTypeOf<{ ok: boolean } | undefined>();
    const plain = await client.tasks.create({ prompt: "x", outputSchema: { type: "object" } });
    expectTypeOf(plain).toEqualTypeOf<Schemas["Task"]>();
    const done = await client.waitForTask<{ answer: number }>("x");
    expectTypeOf(done.result?.structured_output).toEqualTypeOf<{ answer: number } | undefined>();
    expectTypeOf(done.recent_output).toEqualTypeOf<string>();
  });

  it("has no any in the client surface", () => {
    expectTypeOf<TaskApiClient>().not.toBeAny();
    expectTypeOf<Awaited<ReturnType<TaskApiClient["tasks"]["get"]>>["followups"][number]>().not.toBeAny();
    expectTypeOf<StreamEvent>().not.toBeAny();
  });

  it("the status union is the spec enum", () => {
    expectTypeOf<Schemas["TaskDetail"]["status"]>().toEqualTypeOf<"queued" | "running" | "completed" | "error" | "killed">();
  });

  it("rejects bodies the spec does not allow", () => {
    // @ts-expect-error prompt is required
    void client.tasks.create({ workdir: "/x" });
  });
});
