/** Pins the public surface to the generated spec types, and checks it has no `any`. */
import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../src/generated/openapi.js";
import { createClient, type StreamEvent, type TaskApiClient } from "../src/index.js";

type Schemas = components["schemas"];
const client = createClient();

describe("public types", () => {
  it("methods take and return the generated schemas", () => {
    expectTypeOf(client.tasks.create).parameter(0).toEqualTypeOf<Schemas["CreateTaskRequest"]>();
    expectTypeOf(client.tasks.create).returns.resolves.toEqualTypeOf<Schemas["Task"]>();
    expectTypeOf(client.tasks.list).returns.resolves.toEqualTypeOf<Schemas["TaskList"]>();
    expectTypeOf(client.tasks.get).returns.resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.output).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(client.tasks.sendMessage).parameter(1).toEqualTypeOf<Schemas["MessageRequest"]>();
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
    expectTypeOf(client.waitForTask).returns.resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.wait).returns.resolves.toEqualTypeOf<Schemas["TaskDetail"]>();
    expectTypeOf(client.tasks.follow).returns.toEqualTypeOf<AsyncIterableIterator<StreamEvent>>();
    expectTypeOf(client.tasks.followLines).returns.toEqualTypeOf<AsyncIterableIterator<string>>();
    expectTypeOf<Schemas["Task"]["error_kind"]>().toEqualTypeOf<
      "auth" | "credit" | "rate_limited" | "api_error" | "max_turns" | "timeout" | "killed" | "cli_failed" | undefined
    >();
    expectTypeOf(client.followOutput).returns.toEqualTypeOf<AsyncIterableIterator<StreamEvent>>();
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
