/**
 * The guards of the doors, one per kind of credential. Which guard stands before which route
 * comes from openapi.yaml (`security` of each operation, generated/doors.ts; wired in
 * create-router.ts). /api/claude/* opens only for the bearer token; identity headers there are
 * never read, because that ingress has no OAuth2 proxy and anyone could set them. The browser
 * doors authenticate first, for their whole prefix (/oauth/*: http/door/proxy-door.ts,
 * /claude/api/*: http/door/session-door.ts), and leave the identity they let in for the guards.
 */
import type { Context, Handler } from "hono";
import { NAMED_TOKEN_PREFIX, type NamedToken } from "../auth/named-tokens.js";
import { AppError } from "../errors.js";
import type { Door, DoorUrl, OperationDoors, TokenScope } from "../generated/doors.js";
import type { AppEnv, Principal } from "./app-env.js";
import type { RouteCheck } from "./route-checks.js";

const BEARER = /^Bearer[ ]+([^\s]+)\s*$/i;

const OWNER: Principal = { kind: "owner_token" };
/** One principal per token, made once (not an allocation per request). */
const principals = new WeakMap<NamedToken, Principal>();
const principalOf = (token: NamedToken): Principal => {
  const known = principals.get(token);
  if (known) return known;
  const principal: Principal = { kind: "token", token };
  principals.set(token, principal);
  return principal;
};
const REFUSED_TOKEN = {
  unauthorized: "Invalid bearer token",
  token_expired: "This token has expired",
  token_revoked: "This token was revoked",
} as const;

/**
 * The bearer door of an operation that needs `scope`: the token file's token holds every scope;
 * a named token (`ctn_...`) must be live and hold it. Not async: on every request, and the check
 * itself never waits.
 */
const requireBearer =
  (scope: TokenScope | undefined): RouteCheck =>
  (c) => {
    const match = BEARER.exec(c.req.header("authorization") ?? "");
    if (!match) throw new AppError("unauthorized", "Missing bearer token: send Authorization: Bearer <token>");
    const value = match[1] as string;
    const services = c.get("services");
    if (value.startsWith(NAMED_TOKEN_PREFIX)) {
      const token = services.namedTokens.check(value);
      if ("code" in token) {
        // A known token that may no longer be used is still named in the audit line.
        if (token.token) c.set("principal", principalOf(token.token));
        throw new AppError(token.code, REFUSED_TOKEN[token.code]);
      }
      c.set("principal", principalOf(token));
      // Fails closed: a bearer operation without a scope in the generated table is refused to named tokens.
      if (!scope || !token.scopes.includes(scope)) {
        throw new AppError("insufficient_scope", `This token lacks the scope ${scope ?? "(none declared)"}`);
      }
      return;
    }
    if (!services.tokens.verify(value)) throw new AppError("unauthorized", REFUSED_TOKEN.unauthorized);
    c.set("principal", OWNER);
  };
const bearerGuards = new Map<TokenScope | undefined, RouteCheck>();
const bearerGuard = (scope: TokenScope | undefined) => {
  const known = bearerGuards.get(scope);
  if (known) return known;
  const guard = requireBearer(scope);
  bearerGuards.set(scope, guard);
  return guard;
};

/** The named token a request came with (undefined for the token file's token and the browser doors). */
export const namedTokenOf = (c: Context<AppEnv>) => {
  const principal = c.get("principal");
  return principal?.kind === "token" ? principal.token : undefined;
};

const anyone: RouteCheck = () => undefined;

/**
 * A browser door's URL: the identity its door let in, and for `owner` operations (the token's),
 * only the owner's: a dashboard session opened with a link a bearer-token holder asked for may
 * not see or replace the token, so a leaked token still cannot mint another.
 */
const requireIdentity =
  (door: "proxy" | "session", owner: boolean): RouteCheck =>
  (c) => {
    const identity = c.get("identity");
    // Fails closed should the door's own middleware ever not have run for this prefix.
    if (identity?.door !== door) throw new AppError("unauthorized", `This path needs ${DOOR_NAMES[door]}`);
    if (owner && !identity.owner) {
      throw new AppError(
        "forbidden_identity",
        "This dashboard session was opened with a link a bearer-token holder asked for; it cannot see or replace the token",
      );
    }
  };

const DOOR_NAMES: Record<Door, string> = {
  anonymous: "no credentials",
  bearer: "a bearer token",
  proxy: "a browser session through the OAuth2 proxy",
  session: "a dashboard session",
};

/** The guard that runs first at one URL of an operation (`scope`: what a named token needs there). */
export function doorGuard(url: DoorUrl, scope?: TokenScope): RouteCheck {
  if (url.door === "anonymous") return anyone;
  if (url.door === "bearer") return bearerGuard(scope);
  return requireIdentity(url.door, url.owner);
}

/**
 * The answer at the plain path of an operation no bearer token may call (the token's): it is
 * served only through the doors its spec names, and says where.
 */
export function refusedHere(doors: OperationDoors): Handler<AppEnv> {
  const where = doors.served.map((url) => `${DOOR_NAMES[url.door]} (${url.path})`).join(" or ");
  const message = `${doors.method.toUpperCase()} ${doors.refusedAt} is served only to ${where}; a bearer token is not accepted`;
  return () => {
    throw new AppError("unauthorized", message);
  };
}
