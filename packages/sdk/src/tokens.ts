/**
 * `client.tokens` and `client.audit`: named tokens with scopes (for the owner, or a token with
 * the `admin` scope) and the server's audit log. A created token's value is in `create`'s
 * answer only; the server keeps a hash.
 */
import type { Client } from "openapi-fetch";
import { TaskApiError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import type { AuditPage, CreatedToken, CreateTokenRequest, NamedToken } from "./types.js";

interface Signal {
  signal?: AbortSignal | undefined;
}

export interface TokensResource {
  /** A new token with `scopes` (and optional expiry and limits); `token` is its value, shown this once. */
  create(input: CreateTokenRequest, options?: Signal): Promise<CreatedToken>;
  /** Every named token, revoked ones included, newest first, without values. */
  list(options?: Signal): Promise<NamedToken[]>;
  /** Revokes a token at once; its next request is refused with `token_revoked`. */
  revoke(tokenId: string, options?: Signal): Promise<NamedToken>;
}

export interface AuditQuery extends Signal {
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  /** An action, e.g. `createTask`, `purgeTask`, `refused`. */
  action?: string;
  taskId?: string;
}

export interface AuditResource {
  /** One page of the audit log, newest first. */
  list(query?: AuditQuery): Promise<AuditPage>;
}

export function tokensResource(http: Client<paths>): TokensResource {
  return {
    create: async (body, { signal } = {}) => data(await http.POST("/api/claude/tokens", { body, signal })),
    list: async ({ signal } = {}) => data(await http.GET("/api/claude/tokens", { signal })).tokens,
    revoke: async (tokenId, { signal } = {}) =>
      data(await http.DELETE("/api/claude/tokens/{token_id}", { params: { path: { token_id: tokenId } }, signal })),
  };
}

export function auditResource(http: Client<paths>): AuditResource {
  return {
    list: async ({ signal, limit, cursor, action, taskId } = {}) => {
      const query = {
        ...(limit !== undefined && { limit }),
        ...(cursor !== undefined && { cursor }),
        ...(action !== undefined && { action }),
        ...(taskId !== undefined && { task_id: taskId }),
      };
      return data(await http.GET("/api/claude/audit", { params: { query }, signal }));
    },
  };
}

/** Successful responses always carry a body in this API; an empty one means a broken proxy. */
function data<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new TaskApiError(`empty response body (HTTP ${result.response.status})`, { status: result.response.status });
  }
  return result.data;
}
