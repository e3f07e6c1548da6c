import { fakeTask, json, type LocalServer, startLocalServer } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";

describe("requests match the spec", () => {
  it("sends the bearer token, JSON bodies and full paths; returns the bodies unchanged", async () => {
    server = await startLocalServer((req, res) => {
      if (req.method === "POST" && req.url === "/api/claude/tasks")
        return json(res, 201, fakeTask({ prompt: JSON.parse(req.body).prompt }));
      if (req.method === "GET" && req.url === "/api/claude/tasks") return json(res, 200, { tasks: [] });
      if (req.method === "GET" && req.url === `/api/claude/tasks/${ID}`) return json(res, 200, fakeTask());
      if (req.method === "POST" && req.url === `/api/claude/tasks/${ID}/message`) {
        return json(res, 200, {
          task_id: ID,
          session_id: "s",
          status: "running",
          followups: [{ prompt: "more", sent_at: 1, state: "queued" }],
        });
      }
      if (req.method === "DELETE") return json(res, 200, { task_id: ID, status: "killed", killed_at: 2 });
      if (req.url === "/healthz") return json(res, 200, { status: "ok" });
      json(res, 404, { error: "no route", code: "not_found" });
    });
    const client = createClient({ baseUrl: `${server.url}/`, token: "secret" });

    const task = await client.tasks.create({ prompt: "hi there", workdir: "/tmp/w" });
    expect(task.prompt).toBe("hi there");
    expect(await client.tasks.list()).toEqual({ tasks: [] });
    expect((await client.tasks.get(ID)).task_id).toBe(ID);
    expect((await client.tasks.sendMessage(ID, { prompt: "more" })).followups[0]?.state).toBe("queued");
    expect(await client.tasks.kill(ID)).toEqual({ task_id: ID, status: "killed", killed_at: 2 });
    expect(await client.health()).toEqual({ status: "ok" });

    const [create] = server.requests;
    expect(create?.headers.authorization).toBe("Bearer secret");
    expect(create?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(create?.body ?? "")).toEqual({ prompt: "hi there", workdir: "/tmp/w" });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/claude/tasks",
      "GET /api/claude/tasks",
      `GET /api/claude/tasks/${ID}`,
      `POST /api/claude/tasks/${ID}/message`,
      `DELETE /api/claude/tasks/${ID}`,
      "GET /healthz",
    ]);
  });

  it("output returns the plain text, passes tail, and an empty log is an empty string", async () => {
    server = await startLocalServer((req, res) => {
      if (req.url.endsWith("?tail=2")) return res.writeHead(200, { "Content-Type": "text/plain" }).end("b\nc\n");
      if (req.url.includes("empty")) return res.writeHead(200, { "Content-Type": "text/plain" }).end("");
      res.writeHead(200, { "Content-Type": "text/plain" }).end("a\nb\nc\n");
    });
    const client = createClient({ baseUrl: server.url });
    expect(await client.tasks.output(ID)).toBe("a\nb\nc\n");
    expect(await client.tasks.output(ID, { tail: 2 })).toBe("b\nc\n");
    expect(await client.tasks.output("1-empty")).toBe("");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("passes list filters, the wait long-poll and purge as query parameters", async () => {
    server = await startLocalServer((req, res) => {
      if (req.url.startsWith("/api/claude/tasks?")) return json(res, 200, { tasks: [], next_cursor: "c2" });
      if (req.method === "DELETE") return json(res, 200, { task_id: ID, purged: true });
      json(res, 200, fakeTask());
    });
    const client = createClient({ baseUrl: server.url });
    expect(await client.tasks.list({ status: "running,queued", limit: 5, cursor: "c1" })).toEqual({
      tasks: [],
      next_cursor: "c2",
    });
    await client.tasks.get(ID, { wait: 10 });
    expect(await client.tasks.purge(ID)).toEqual({ task_id: ID, purged: true });
    await expect(client.tasks.kill(ID)).rejects.toThrow("purge result");
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/claude/tasks?status=running%2Cqueued&limit=5&cursor=c1",
      `/api/claude/tasks/${ID}?wait=10`,
      `/api/claude/tasks/${ID}?purge=true`,
      `/api/claude/tasks/${ID}`,
    ]);
  });

  it("escapes task ids into the path", async () => {
    server = await startLocalServer((_req, res) => json(res, 400, { error: "bad id", code: "bad_request" }));
    const client = createClient({ baseUrl: server.url });
    await expect(client.tasks.get("../x y")).rejects.toThrow("bad id");
    expect(server.requests[0]?.url).toBe("/api/claude/tasks/..%2Fx%20y");
  });

  it("a base URL with a path prefix (the /oauth door) is kept", async () => {
    server = await startLocalServer((_req, res) => json(res, 200, { tasks: [] }));
    await createClient({ baseUrl: `${server.url}/oauth` }).tasks.list();
    expect(server.requests[0]?.url).toBe("/oauth/api/claude/tasks");
  });
});
