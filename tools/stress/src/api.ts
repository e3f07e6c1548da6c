/** The task API of one test server, with its bearer token, over src/http.ts. */
import { FINISHED_STATUSES } from "@claude-task-api/sdk";
import type { TestServer } from "@claude-task-api/testkit";
import { type HttpResult, request, waitFor } from "./http.js";

export type Api = ReturnType<typeof api>;

/** A task is finished once its status is one of openapi.yaml's `FinishedStatus`. */
export const isFinal = (status: string) => (FINISHED_STATUSES as readonly string[]).includes(status);

export function api(server: Pick<TestServer, "url" | "token">) {
  const auth = { authorization: `Bearer ${server.token}` };
  const call = (method: string, path: string, body?: unknown): Promise<HttpResult> =>
    request(server.url, {
      method,
      path,
      headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  return {
    call,
    create: (body: Record<string, unknown>) => call("POST", "/api/claude/tasks", body),
    get: (id: string) => call("GET", `/api/claude/tasks/${id}`),
    list: () => call("GET", "/api/claude/tasks"),
    output: (id: string, query = "") => call("GET", `/api/claude/tasks/${id}/output${query}`),
    message: (id: string, prompt: string) => call("POST", `/api/claude/tasks/${id}/message`, { prompt }),
    kill: (id: string) => call("DELETE", `/api/claude/tasks/${id}`),
    health: () => request(server.url, { path: "/healthz", timeoutMs: 2000 }),
    /** Waits until the task has left `running` (through `?wait`, so no busy polling) and returns its detail. */
    finished: (id: string, timeoutMs = 60_000) =>
      waitFor(
        `task ${id} to finish`,
        async () => {
          const res = await call("GET", `/api/claude/tasks/${id}?wait=5`);
          if (res.status !== 200) throw new Error(`GET ${id} answered ${res.status}: ${res.text}`);
          return isFinal(res.json.status) ? res.json : undefined;
        },
        timeoutMs,
      ),
  };
}
