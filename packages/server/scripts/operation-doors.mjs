/**
 * Which doors serve each operation, read from its `security` in openapi.yaml, so that the server
 * wires authentication from the spec and no path list can forget a route. Each security scheme is
 * one door, at its own URL prefix:
 *
 * - `{}` (an empty requirement): anyone, at the operation's own path;
 * - `bearerAuth`: the bearer token, at the operation's own path (`/api/claude/...`);
 * - `proxyIdentity`: the OAuth2 proxy's identity, at `/oauth` + the path;
 * - `dashboardSession`: the dashboard's session cookie, at `/claude` + the path.
 *
 * `security: []` means anyone, at the operation's own path only. The scope `owner` on a browser
 * door lets only the workspace owner's identity through (a dashboard session opened with a link
 * a bearer-token holder asked for is not one). `bearerAuth` names the one token scope the
 * operation needs (`bearerAuth: ["tasks:read"]`, TOKEN_SCOPES). An operation that declares no
 * `security`, a bearerAuth without its scope, an unknown scheme or scope, a path that is not one
 * of its doors' URLs, or no response for what its doors may answer instead (401 and 403) fails
 * generation.
 */

/** The doors: the scheme that names each in openapi.yaml, and the prefix of its URLs. */
export const DOORS = {
  bearer: { scheme: "bearerAuth", prefix: "" },
  proxy: { scheme: "proxyIdentity", prefix: "/oauth" },
  session: { scheme: "dashboardSession", prefix: "/claude" },
};
const SCOPES = new Set(["owner"]);
/**
 * What a bearer token may be allowed to do (named tokens carry some of them; the token file's
 * token holds them all). Each bearerAuth operation names the one scope it needs.
 */
export const TOKEN_SCOPES = ["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"];
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

const doorOfScheme = (scheme) => Object.keys(DOORS).find((door) => DOORS[door].scheme === scheme);

/** The operation's path without the prefix of the browser door it names, if it names one. */
function barePath(routePath) {
  for (const door of ["proxy", "session"]) {
    const { prefix } = DOORS[door];
    if (routePath.startsWith(`${prefix}/`)) return { path: routePath.slice(prefix.length), door };
  }
  return { path: routePath, door: undefined };
}

/** The doors of one operation; throws naming the operation when its `security` cannot say. */
function doorsOf(spec, routePath, method, op) {
  const where = `${method.toUpperCase()} ${routePath} (${op.operationId})`;
  if (!Array.isArray(op.security)) {
    throw new Error(`${where} declares no \`security\`: say which doors may call it (security: [] for anyone)`);
  }
  const { path, door: pathDoor } = barePath(routePath);
  const served = [];
  let scope;
  if (op.security.length === 0) served.push({ door: "anonymous", path, owner: false });
  for (const requirement of op.security) {
    const schemes = Object.entries(requirement);
    if (schemes.length === 0) {
      served.push({ door: "anonymous", path, owner: false });
      continue;
    }
    if (schemes.length > 1) throw new Error(`${where}: one scheme per security requirement (each is a door of its own)`);
    const [[scheme, scopes]] = schemes;
    const door = doorOfScheme(scheme);
    if (!door || !spec.components?.securitySchemes?.[scheme]) throw new Error(`${where}: unknown security scheme ${scheme}`);
    if (door === "bearer") {
      scope = bearerScope(where, scopes);
      served.push({ door, path: `${DOORS[door].prefix}${path}`, owner: false });
      continue;
    }
    const unknown = scopes.filter((s) => !SCOPES.has(s));
    if (unknown.length > 0) throw new Error(`${where}: unknown scope(s) ${unknown.join(", ")} on ${scheme}`);
    served.push({ door, path: `${DOORS[door].prefix}${path}`, owner: scopes.includes("owner") });
  }
  const doors = served.map((s) => s.door);
  if (new Set(doors).size !== doors.length) throw new Error(`${where}: a door is named twice`);
  if (doors.includes("anonymous") && doors.includes("bearer")) throw new Error(`${where}: anyone and bearerAuth share one path`);
  if (pathDoor && !doors.includes(pathDoor))
    throw new Error(`${where}: its path is under ${pathDoor}'s prefix, not a door it names`);
  if (pathDoor && (doors.includes("anonymous") || doors.includes("bearer"))) {
    throw new Error(`${where}: a path under a browser door's prefix cannot also be open at ${path}`);
  }
  // The bare path of an operation no token may call answers that it is served elsewhere.
  const open = doors.includes("anonymous") || doors.includes("bearer");
  // What the doors may answer instead of the operation is part of its contract too.
  const refusals = new Set();
  if (doors.includes("bearer") || !open) refusals.add("401");
  // A named token without the operation's scope is refused with 403 insufficient_scope.
  if (doors.includes("bearer")) refusals.add("403");
  if (doors.includes("proxy") || doors.includes("session")) for (const status of ["401", "403"]) refusals.add(status);
  const missing = [...refusals].filter((status) => !(status in op.responses));
  if (missing.length > 0) throw new Error(`${where}: its doors may answer ${missing.join(", ")}, which it does not declare`);
  return { method, path: routePath, served, ...(scope ? { scope } : {}), ...(open ? {} : { refusedAt: path }) };
}

/**
 * The scope a bearerAuth requirement names: exactly one of TOKEN_SCOPES, so that no operation
 * can be added without saying what a named token needs to call it.
 */
function bearerScope(where, scopes) {
  const known = TOKEN_SCOPES.join(", ");
  if (scopes.length !== 1 || !TOKEN_SCOPES.includes(scopes[0])) {
    throw new Error(
      `${where}: bearerAuth must name the one scope a token needs to call it, e.g. \`- bearerAuth: ["tasks:read"]\` ` +
        `(one of ${known}; tasks:read for reads, tasks:write for what changes tasks or schedules)` +
        (scopes.length > 0 ? `, not ${JSON.stringify(scopes)}` : ""),
    );
  }
  return scopes[0];
}

/** Every operation's doors, by operationId. */
export function operationDoors(spec) {
  const operations = {};
  for (const [routePath, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) operations[op.operationId] = doorsOf(spec, routePath, method, op);
    }
  }
  return operations;
}

/** The generated module: the door prefixes and every operation's doors. */
export function doorsModule(spec, header) {
  const prefixes = Object.fromEntries(Object.entries(DOORS).map(([door, { prefix }]) => [door, prefix]));
  return [
    header,
    "/** A door: who may call an operation, and where. */",
    'export type Door = "anonymous" | "bearer" | "proxy" | "session";\n',
    "/** One URL an operation is served at: the door, the path (openapi.yaml's `{param}` form), and whether only the owner may use it. */",
    "export interface DoorUrl {\n  readonly door: Door;\n  readonly path: string;\n  readonly owner: boolean;\n}\n",
    "export interface OperationDoors {",
    "  readonly method: string;",
    "  /** The operation's path in openapi.yaml. */",
    "  readonly path: string;",
    "  readonly served: readonly DoorUrl[];",
    "  /** The scope a named bearer token needs to call it (openapi.yaml's `bearerAuth: [scope]`). */",
    "  readonly scope?: TokenScope;",
    "  /** The operation's path without a door prefix, when no bearer token or anonymous client may call it there. */",
    "  readonly refusedAt?: string;",
    "}\n",
    "/** What a named bearer token may be allowed to do; the token file's token holds every scope. */",
    `export const TOKEN_SCOPES = ${JSON.stringify(TOKEN_SCOPES)} as const;`,
    "export type TokenScope = (typeof TOKEN_SCOPES)[number];\n",
    "/** The URL prefix of each door. */",
    `export const DOOR_PREFIXES = ${JSON.stringify(prefixes)} as const;\n`,
    "/** Every operation's doors, from its `security` in openapi.yaml. */",
    `export const OPERATION_DOORS: Readonly<Record<string, OperationDoors>> = ${JSON.stringify(operationDoors(spec))};`,
    "",
  ].join("\n");
}
