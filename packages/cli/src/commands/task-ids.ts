/**
 * `__task-ids` (hidden): the newest task ids, one per line, for shell completion. Kept in a small
 * cache for a few seconds, so repeated Tabs do not each wait on the server; any failure prints
 * what the cache has (or nothing) and exits 0, because completion must never print an error.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createClient } from "@claude-task-api/sdk";
import type { Command } from "commander";
import type { ActionWrapper } from "../command-kit.js";

const CACHE_TTL_MS = 10_000;
const COMPLETION_IDS = 50;
const COMPLETION_TIMEOUT_MS = 2_000;

interface Cache {
  url: string;
  at: number;
  ids: string[];
}

/** `$XDG_CACHE_HOME/claude-tasks/task-ids.json`, else `~/.cache/claude-tasks/task-ids.json`. */
export function taskIdCachePath(env: Record<string, string | undefined>, homedir: string): string {
  const base = env.XDG_CACHE_HOME?.trim() ? env.XDG_CACHE_HOME : join(homedir, ".cache");
  return join(base, "claude-tasks", "task-ids.json");
}

export function registerTaskIds(program: Command, action: ActionWrapper): void {
  program.command("__task-ids", { hidden: true }).action(
    action(async (ctx) => {
      const path = taskIdCachePath(ctx.io.env, ctx.io.homedir);
      let cache: Cache | undefined;
      try {
        cache = JSON.parse(readFileSync(path, "utf8")) as Cache;
      } catch {
        // No cache yet.
      }
      let url: string | undefined;
      try {
        const settings = ctx.settings();
        url = settings.url.value;
        const token = settings.token;
        if (cache?.url !== url || Date.now() - cache.at > CACHE_TTL_MS) {
          const client = createClient({
            baseUrl: url,
            token: token?.value,
            timeoutMs: COMPLETION_TIMEOUT_MS,
            retries: 0,
          });
          const { tasks } = await client.tasks.list({ limit: COMPLETION_IDS });
          cache = { url, at: Date.now(), ids: tasks.map((task) => task.task_id) };
          mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
          writeFileSync(path, JSON.stringify(cache), { mode: 0o600 });
        }
      } catch {
        // Unreachable server, no token, bad config: offer what was cached for it, say nothing.
      }
      if (cache && cache.url === url && cache.ids.length > 0) ctx.print(cache.ids.join("\n"));
    }),
  );
}
