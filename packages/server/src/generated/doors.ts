// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.

/** A door: who may call an operation, and where. */
export type Door = "anonymous" | "bearer" | "proxy" | "session";

/** One URL an operation is served at: the door, the path (openapi.yaml's `{param}` form), and whether only the owner may use it. */
export interface DoorUrl {
  readonly door: Door;
  readonly path: string;
  readonly owner: boolean;
}

export interface OperationDoors {
  readonly method: string;
  /** The operation's path in openapi.yaml. */
  readonly path: string;
  readonly served: readonly DoorUrl[];
  /** The scope a named bearer token needs to call it (openapi.yaml's `bearerAuth: [scope]`). */
  readonly scope?: TokenScope;
  /** The operation's path without a door prefix, when no bearer token or anonymous client may call it there. */
  readonly refusedAt?: string;
}

/** What a named bearer token may be allowed to do; the token file's token holds every scope. */
export const TOKEN_SCOPES = ["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The URL prefix of each door. */
export const DOOR_PREFIXES = { bearer: "", proxy: "/oauth", session: "/claude" } as const;

/** Every operation's doors, from its `security` in openapi.yaml. */
export const OPERATION_DOORS: Readonly<Record<string, OperationDoors>> = {
  getHealth: { method: "get", path: "/healthz", served: [{ door: "anonymous", path: "/healthz", owner: false }] },
  getReadiness: { method: "get", path: "/readyz", served: [{ door: "anonymous", path: "/readyz", owner: false }] },
  getMetrics: {
    method: "get",
    path: "/api/claude/metrics",
    served: [
      { door: "bearer", path: "/api/claude/metrics", owner: false },
      { door: "proxy", path: "/oauth/api/claude/metrics", owner: false },
      { door: "session", path: "/claude/api/claude/metrics", owner: false },
    ],
    scope: "tasks:read",
  },
  getOpenApiJson: {
    method: "get",
    path: "/api/claude/openapi.json",
    served: [
      { door: "anonymous", path: "/api/claude/openapi.json", owner: false },
      { door: "proxy", path: "/oauth/api/claude/openapi.json", owner: false },
    ],
  },
  getOpenApiYaml: {
    method: "get",
    path: "/api/claude/openapi.yaml",
    served: [
      { door: "anonymous", path: "/api/claude/openapi.yaml", owner: false },
      { door: "proxy", path: "/oauth/api/claude/openapi.yaml", owner: false },
    ],
  },
  getDocs: {
    method: "get",
    path: "/api/claude/docs",
    served: [
      { door: "anonymous", path: "/api/claude/docs", owner: false },
      { door: "proxy", path: "/oauth/api/claude/docs", owner: false },
    ],
  },
  getServerInfo: {
    method: "get",
    path: "/api/claude/server",
    served: [
      { door: "bearer", path: "/api/claude/server", owner: false },
      { door: "proxy", path: "/oauth/api/claude/server", owner: false },
      { door: "session", path: "/claude/api/claude/server", owner: false },
    ],
    scope: "tasks:read",
  },
  listTasks: {
    method: "get",
    path: "/api/claude/tasks",
    served: [
      { door: "bearer", path: "/api/claude/tasks", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks", owner: false },
      { door: "session", path: "/claude/api/claude/tasks", owner: false },
    ],
    scope: "tasks:read",
  },
  createTask: {
    method: "post",
    path: "/api/claude/tasks",
    served: [
      { door: "bearer", path: "/api/claude/tasks", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks", owner: false },
      { door: "session", path: "/claude/api/claude/tasks", owner: false },
    ],
    scope: "tasks:write",
  },
  getTask: {
    method: "get",
    path: "/api/claude/tasks/{task_id}",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}", owner: false },
    ],
    scope: "tasks:read",
  },
  killTask: {
    method: "delete",
    path: "/api/claude/tasks/{task_id}",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}", owner: false },
    ],
    scope: "tasks:write",
  },
  updateTask: {
    method: "patch",
    path: "/api/claude/tasks/{task_id}",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}", owner: false },
    ],
    scope: "tasks:write",
  },
  getTaskOutput: {
    method: "get",
    path: "/api/claude/tasks/{task_id}/output",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/output", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/output", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/output", owner: false },
    ],
    scope: "tasks:read",
  },
  streamTaskEvents: {
    method: "get",
    path: "/api/claude/tasks/{task_id}/events",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/events", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/events", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/events", owner: false },
    ],
    scope: "tasks:read",
  },
  getTaskDiff: {
    method: "get",
    path: "/api/claude/tasks/{task_id}/diff",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/diff", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/diff", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/diff", owner: false },
    ],
    scope: "tasks:read",
  },
  answerApproval: {
    method: "post",
    path: "/api/claude/tasks/{task_id}/approvals/{approval_id}",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/approvals/{approval_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/approvals/{approval_id}", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/approvals/{approval_id}", owner: false },
    ],
    scope: "approvals:write",
  },
  sendMessage: {
    method: "post",
    path: "/api/claude/tasks/{task_id}/message",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/message", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/message", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/message", owner: false },
    ],
    scope: "tasks:write",
  },
  getUsage: {
    method: "get",
    path: "/api/claude/usage",
    served: [
      { door: "bearer", path: "/api/claude/usage", owner: false },
      { door: "proxy", path: "/oauth/api/claude/usage", owner: false },
      { door: "session", path: "/claude/api/claude/usage", owner: false },
    ],
    scope: "tasks:read",
  },
  steerTask: {
    method: "post",
    path: "/api/claude/tasks/{task_id}/steer",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/steer", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/steer", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/steer", owner: false },
    ],
    scope: "tasks:write",
  },
  interruptTask: {
    method: "post",
    path: "/api/claude/tasks/{task_id}/interrupt",
    served: [
      { door: "bearer", path: "/api/claude/tasks/{task_id}/interrupt", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tasks/{task_id}/interrupt", owner: false },
      { door: "session", path: "/claude/api/claude/tasks/{task_id}/interrupt", owner: false },
    ],
    scope: "tasks:write",
  },
  listSchedules: {
    method: "get",
    path: "/api/claude/schedules",
    served: [
      { door: "bearer", path: "/api/claude/schedules", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules", owner: false },
      { door: "session", path: "/claude/api/claude/schedules", owner: false },
    ],
    scope: "tasks:read",
  },
  createSchedule: {
    method: "post",
    path: "/api/claude/schedules",
    served: [
      { door: "bearer", path: "/api/claude/schedules", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules", owner: false },
      { door: "session", path: "/claude/api/claude/schedules", owner: false },
    ],
    scope: "tasks:write",
  },
  previewSchedule: {
    method: "get",
    path: "/api/claude/schedules/preview",
    served: [
      { door: "bearer", path: "/api/claude/schedules/preview", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules/preview", owner: false },
      { door: "session", path: "/claude/api/claude/schedules/preview", owner: false },
    ],
    scope: "tasks:read",
  },
  getSchedule: {
    method: "get",
    path: "/api/claude/schedules/{schedule_id}",
    served: [
      { door: "bearer", path: "/api/claude/schedules/{schedule_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules/{schedule_id}", owner: false },
      { door: "session", path: "/claude/api/claude/schedules/{schedule_id}", owner: false },
    ],
    scope: "tasks:read",
  },
  deleteSchedule: {
    method: "delete",
    path: "/api/claude/schedules/{schedule_id}",
    served: [
      { door: "bearer", path: "/api/claude/schedules/{schedule_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules/{schedule_id}", owner: false },
      { door: "session", path: "/claude/api/claude/schedules/{schedule_id}", owner: false },
    ],
    scope: "tasks:write",
  },
  updateSchedule: {
    method: "patch",
    path: "/api/claude/schedules/{schedule_id}",
    served: [
      { door: "bearer", path: "/api/claude/schedules/{schedule_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules/{schedule_id}", owner: false },
      { door: "session", path: "/claude/api/claude/schedules/{schedule_id}", owner: false },
    ],
    scope: "tasks:write",
  },
  runSchedule: {
    method: "post",
    path: "/api/claude/schedules/{schedule_id}/run",
    served: [
      { door: "bearer", path: "/api/claude/schedules/{schedule_id}/run", owner: false },
      { door: "proxy", path: "/oauth/api/claude/schedules/{schedule_id}/run", owner: false },
      { door: "session", path: "/claude/api/claude/schedules/{schedule_id}/run", owner: false },
    ],
    scope: "tasks:write",
  },
  getToken: {
    method: "get",
    path: "/oauth/api/claude/auth/token",
    served: [
      { door: "proxy", path: "/oauth/api/claude/auth/token", owner: false },
      { door: "session", path: "/claude/api/claude/auth/token", owner: true },
    ],
    refusedAt: "/api/claude/auth/token",
  },
  regenerateToken: {
    method: "post",
    path: "/oauth/api/claude/auth/token/regenerate",
    served: [
      { door: "proxy", path: "/oauth/api/claude/auth/token/regenerate", owner: false },
      { door: "session", path: "/claude/api/claude/auth/token/regenerate", owner: true },
    ],
    refusedAt: "/api/claude/auth/token/regenerate",
  },
  createDashboardLink: {
    method: "post",
    path: "/api/claude/dashboard/links",
    served: [{ door: "bearer", path: "/api/claude/dashboard/links", owner: false }],
    scope: "admin",
  },
  listTokens: {
    method: "get",
    path: "/api/claude/tokens",
    served: [
      { door: "bearer", path: "/api/claude/tokens", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tokens", owner: false },
      { door: "session", path: "/claude/api/claude/tokens", owner: true },
    ],
    scope: "admin",
  },
  createToken: {
    method: "post",
    path: "/api/claude/tokens",
    served: [
      { door: "bearer", path: "/api/claude/tokens", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tokens", owner: false },
      { door: "session", path: "/claude/api/claude/tokens", owner: true },
    ],
    scope: "admin",
  },
  revokeToken: {
    method: "delete",
    path: "/api/claude/tokens/{token_id}",
    served: [
      { door: "bearer", path: "/api/claude/tokens/{token_id}", owner: false },
      { door: "proxy", path: "/oauth/api/claude/tokens/{token_id}", owner: false },
      { door: "session", path: "/claude/api/claude/tokens/{token_id}", owner: true },
    ],
    scope: "admin",
  },
  listAudit: {
    method: "get",
    path: "/api/claude/audit",
    served: [
      { door: "bearer", path: "/api/claude/audit", owner: false },
      { door: "proxy", path: "/oauth/api/claude/audit", owner: false },
      { door: "session", path: "/claude/api/claude/audit", owner: true },
    ],
    scope: "admin",
  },
  signOut: {
    method: "post",
    path: "/claude/api/claude/auth/sign-out",
    served: [{ door: "session", path: "/claude/api/claude/auth/sign-out", owner: false }],
    refusedAt: "/api/claude/auth/sign-out",
  },
  signOutEverywhere: {
    method: "post",
    path: "/claude/api/claude/auth/sign-out-everywhere",
    served: [{ door: "session", path: "/claude/api/claude/auth/sign-out-everywhere", owner: false }],
    refusedAt: "/api/claude/auth/sign-out-everywhere",
  },
  getDashboardSession: {
    method: "get",
    path: "/claude/api/claude/auth/session",
    served: [{ door: "session", path: "/claude/api/claude/auth/session", owner: false }],
    refusedAt: "/api/claude/auth/session",
  },
};
