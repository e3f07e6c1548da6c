/**
 * Resolves client options as argument > environment > default. The environment is read through
 * `globalThis.process` so the same code runs in browsers, where there is none.
 */

/** Options accepted by createClient; every field is optional. */
export interface ClientOptions {
  /** Host of the API, e.g. `https://alice.dev.example.com` (paths are added by the SDK). Env: `CLAUDE_TASKS_URL`. */
  baseUrl?: string | undefined;
  /** Bearer token. Env: `CLAUDE_API_TOKEN`. Without one, calls fail with UnauthorizedError. */
  token?: string | undefined;
  /** fetch implementation; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Per-attempt time limit in ms, covering the response body too. Default 30000; 0 disables. */
  timeoutMs?: number | undefined;
  /** Extra attempts for safe requests (see README). Default 2; 0 disables. */
  retries?: number | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

/** ClientOptions with every default applied. */
export interface ResolvedOptions {
  baseUrl: string;
  token: string | undefined;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retries: number;
  headers: Record<string, string>;
}

/** The server's port inside a workspace pod. */
export const DEFAULT_BASE_URL = "http://127.0.0.1:6080";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 2;

type Env = Record<string, string | undefined>;

/** Reads the process environment when there is one (Node, Bun, Deno), else nothing. */
export function readEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return proc?.env ?? {};
}

/** Applies argument > environment > default to every option. */
export function resolveOptions(options: ClientOptions = {}, env: Env = readEnv()): ResolvedOptions {
  const baseUrl = nonEmpty(options.baseUrl) ?? nonEmpty(env.CLAUDE_TASKS_URL) ?? DEFAULT_BASE_URL;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new TypeError("No fetch available: pass `fetch` to createClient (Node 20+ and browsers have one).");
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    token: nonEmpty(options.token) ?? nonEmpty(env.CLAUDE_API_TOKEN),
    // Bind so a browser's window.fetch is not called with the wrong `this`.
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: nonNegative(options.timeoutMs, "timeoutMs") ?? DEFAULT_TIMEOUT_MS,
    retries: nonNegative(options.retries, "retries") ?? DEFAULT_RETRIES,
    headers: { ...options.headers },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function nonNegative(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  return value;
}
