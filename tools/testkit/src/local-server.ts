/**
 * A tiny real HTTP server for unit tests: the client talks to it over real sockets through the
 * real fetch, so nothing in the client under test is mocked. Each test scripts the answers it needs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type TaskDetail, TaskDetailSchema } from "@claude-task-api/server";

export interface LocalRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type LocalHandler = (request: LocalRequest, response: ServerResponse) => unknown;

export interface LocalServer {
  url: string;
  requests: LocalRequest[];
  close(): Promise<void>;
}

/** Starts a server on a free loopback port that answers every request with `handler`. */
export async function startLocalServer(handler: LocalHandler): Promise<LocalServer> {
  const requests: LocalRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    requests.push(recorded);
    try {
      await handler(recorded, res);
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/** A loopback URL on which nothing listens (a port we bound and released). */
export async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A task body as `GET /tasks/{id}` answers it (openapi.yaml `TaskDetail`), for handlers that
 * need one: typed by the spec, and checked against it, so a fixture the server could never send
 * fails here. Its one run is in the task's status unless `runs` is given.
 */
export function fakeTask(overrides: Partial<TaskDetail> = {}): TaskDetail {
  const status = overrides.status ?? "running";
  const task: TaskDetail = {
    task_id: "1707000000-a1b2c3d4",
    session_id: "550e8400-e29b-41d4-a716-446655440000",
    prompt: "hello",
    workdir: "/tmp/w",
    status,
    created_at: 1707000000.123,
    tmux_session: "claude-1707000000-a1b2c3d4",
    followups: [],
    runs: [{ index: 0, prompt: overrides.prompt ?? "hello", state: status, sent_at: 1707000000.123, cost_usd: 0 }],
    totals: { total_cost_usd: 0, num_turns: 0, duration_ms: 0 },
    pending_approvals: [],
    recent_output: "",
    ...overrides,
  };
  const checked = TaskDetailSchema.safeParse(task);
  if (!checked.success) throw new Error(`fakeTask: not a TaskDetail of openapi.yaml: ${checked.error.message}`);
  return task;
}
