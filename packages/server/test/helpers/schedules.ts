import type { TestServer } from "@claude-task-api/testkit";
import { http, waitFor } from "./http.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields.
type Json = any;

/** The schedule API of one test server, and waits on the facts schedules leave behind. */
export function scheduleApi(server: TestServer) {
  const call = (method: string, path: string, body?: unknown) => http(server.url, method, path, { token: server.token, body });
  const get = async (id: string): Promise<Json> => (await call("GET", `/api/claude/schedules/${id}`)).json;
  /** Tasks the schedule created, newest first (the run history). */
  const tasks = async (id: string): Promise<Json[]> => (await call("GET", `/api/claude/tasks?label=schedule:${id}`)).json.tasks;
  return {
    call,
    get,
    tasks,
    create: (body: Record<string, unknown>) => call("POST", "/api/claude/schedules", body),
    patch: (id: string, body: Record<string, unknown>) => call("PATCH", `/api/claude/schedules/${id}`, body),
    remove: (id: string) => call("DELETE", `/api/claude/schedules/${id}`),
    run: (id: string) => call("POST", `/api/claude/schedules/${id}/run`),
    /** Waits until the schedule's history holds `count` fires that `match`, and returns them. */
    fires: (id: string, what: string, match: (fire: Json) => boolean, count = 1, timeoutMs = 30_000): Promise<Json[]> =>
      waitFor(
        `schedule ${id}: ${count} fire(s) ${what}`,
        async () => {
          const found = ((await get(id))?.fires ?? []).filter(match);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
      ),
  };
}
