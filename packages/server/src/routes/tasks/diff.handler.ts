/** GET /api/claude/tasks/{id}/diff: a worktree task's changes, as a unified diff or (?stat=true) a per-file summary. */
import type { RouteHandler } from "@hono/zod-openapi";
import type * as routes from "../../generated/routes.js";
import type { AppEnv } from "../../http/app-env.js";
import { PLAIN_TEXT_HEADERS } from "../../http/plain-text.js";

export const getTaskDiff: RouteHandler<typeof routes.getTaskDiff, AppEnv> = async (c) => {
  const { tasks } = c.get("services");
  const id = c.req.valid("param").task_id;
  if (c.req.valid("query").stat === "true") return c.json(await tasks.diffStat(id), 200);
  return c.text(await tasks.diff(id), 200, PLAIN_TEXT_HEADERS);
};
