import type { TestServer } from "@claude-task-api/testkit";
import { http, type RequestOptions, waitFor } from "./http.js";

/** The task API of one test server, with its bearer token. */
export function api(server: TestServer) {
  const call = (method: string, path: string, options: RequestOptions = {}) =>
    http(server.url, method, path, { token: server.token, ...options });
  return {
    call,
    create: (body: Record<string, unknown>) => call("POST", "/api/claude/tasks", { body }),
    get: (id: string) => call("GET", `/api/claude/tasks/${id}`),
    list: () => call("GET", "/api/claude/tasks"),
    output: (id: string, query = "") => call("GET", `/api/claude/tasks/${id}/output${query}`),
    message: (id: string, prompt: string) => call("POST", `/api/claude/tasks/${id}/message`, { body: { prompt } }),
    kill: (id: string) => call("DELETE", `/api/claude/tasks/${id}`),
    /**
     * Waits until the task has finished (neither running nor queued) and returns its detail.
     * Through `?wait=` (as the SDK's wait does): the server answers the moment the task finishes,
     * where polling asked it a dozen times a run and saw the end up to 100 ms late.
     */
    finished: (id: string, timeoutMs = 45_000) =>
      waitFor(
        `task ${id} to finish`,
        async () => {
          const res = await call("GET", `/api/claude/tasks/${id}?wait=5`);
          return res.json && !["running", "queued"].includes(res.json.status) ? res.json : undefined;
        },
        timeoutMs,
      ),
  };
}

/** Parses the stream-json lines of a log, skipping exit markers and other non-JSON lines. */
export function events(log: string): Array<Record<string, unknown>> {
  return log
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
