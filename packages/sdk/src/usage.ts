/** `client.usage`: where money goes, summed by the server from its runs' results. */
import type { Client } from "openapi-fetch";
import { expectData } from "./client-requests.js";
import type { paths } from "./generated/openapi.js";
import type { Usage, UsageQuery } from "./types.js";

export interface UsageResource {
  /**
   * Cost, tokens and task/run counts from `from` to `to` (dates `YYYY-MM-DD` in the server's
   * BUDGET_TIMEZONE; default the last 30 days), grouped by `day` (default), `model` or `label:KEY`.
   */
  get(query?: UsageQuery & { signal?: AbortSignal | undefined }): Promise<Usage>;
}

export function usageResource(http: Client<paths>): UsageResource {
  return {
    get: async ({ signal, ...query } = {}) => expectData(await http.GET("/api/claude/usage", { params: { query }, signal })),
  };
}
