/**
 * The page's one connection to the server: the project's SDK, pointed at the door the page was
 * served from. At /claude/ the API is /claude/api/claude/... (the session cookie goes along,
 * being same-origin); at /oauth/claude/ it is /oauth/api/claude/... (the proxy's cookie).
 * No token ever lives in the page unless the person asks to see it.
 */
import { createClient, TaskApiError } from "@claude-task-api/sdk";

/** `/claude` or `/oauth`, from the page's own path. */
export function doorPrefix(pathname: string): string {
  return pathname.startsWith("/oauth/") ? "/oauth" : "/claude";
}

export const prefix = doorPrefix(location.pathname);
export const client = createClient({ baseUrl: `${location.origin}${prefix}`, retries: 1 });

/** The token endpoints are not part of the SDK (services never call them): two plain calls. */
async function tokenCall(method: "GET" | "POST", path: string): Promise<string> {
  const res = await fetch(`${prefix}/api/claude/auth/${path}`, { method, credentials: "same-origin" });
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.token;
}

export const getToken = () => tokenCall("GET", "token");
export const regenerateToken = () => tokenCall("POST", "token/regenerate");

/** What this dashboard session may do (a `claude-tasks ui` session may not use the token). */
export async function getSessionInfo(): Promise<{ token_access: boolean }> {
  const res = await fetch(`${prefix}/api/claude/auth/session`, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as { token_access: boolean };
}

/** Sessions exist on the dashboard's own door only; behind the OAuth2 proxy, signing out is the proxy's. */
export const hasSession = prefix === "/claude";

/** Ends this session (`sign-out`) or every session and unused link (`sign-out-everywhere`). */
export async function signOut(scope: "sign-out" | "sign-out-everywhere"): Promise<void> {
  const res = await fetch(`${prefix}/api/claude/auth/${scope}`, { method: "POST", credentials: "same-origin" });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  // Already signed out (expired, or ended elsewhere) is what was asked for.
  if (!res.ok && res.status !== 401) throw new Error(body.error ?? `HTTP ${res.status}`);
}

/** A message for people from any failure. */
export function describeError(err: unknown): string {
  if (err instanceof TaskApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** True when the server says we are not signed in. */
export const isSignedOut = (err: unknown) => err instanceof TaskApiError && err.status === 401;
