/**
 * DNS rebinding: a page on a name the attacker controls (evil.example) can make that name
 * resolve to 127.0.0.1, or to the pod, and then read this server as its own origin; the
 * browser sends `Host: evil.example`. Only names this server is known by are answered:
 * loopback names, the address it listens on, and ALLOWED_HOSTS (the chart's public host).
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { errorResponse } from "../error-handler.js";

/** Names every server answers to: a person on the same machine, `kubectl port-forward`. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"] as const;

const WILDCARD_ADDRESSES = new Set(["0.0.0.0", "[::]"]);

// Kubelet's probes send the pod's IP as Host, which no list can name in advance. Both answer
// without credentials and change nothing; a rebinding page learns only that the server is up.
const ANY_HOST_PATHS = new Set(["/healthz", "/readyz"]);

/** A host name or address as Host carries it, without the port: lower case, IPv6 in brackets. */
export function normalizeHost(value: string): string {
  let host = value.trim().toLowerCase();
  if (host.startsWith("[")) host = host.slice(0, host.indexOf("]") + 1);
  else if (host.includes(":") && host.indexOf(":") === host.lastIndexOf(":")) host = host.slice(0, host.indexOf(":"));
  else if (host.includes(":")) host = `[${host}]`;
  // `localhost.` is the same name as `localhost` to DNS.
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/** True when the server listens on loopback alone (so only this machine can reach it). */
export function isLoopbackAddress(address: string): boolean {
  const host = normalizeHost(address);
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Every name the server answers to: loopback, its listen address (unless a wildcard), and the configured names. */
export function allowedHostSet(listenAddress: string | undefined, configured: readonly string[]): ReadonlySet<string> {
  const hosts = new Set<string>(LOOPBACK_HOSTS);
  if (listenAddress && !WILDCARD_ADDRESSES.has(normalizeHost(listenAddress))) hosts.add(normalizeHost(listenAddress));
  for (const host of configured) hosts.add(normalizeHost(host));
  return hosts;
}

/**
 * For a request whose Host is not an allowed name, the 403 host_not_allowed answer; undefined
 * for one that is (asked by the request frame, after the raw path).
 */
export function foreignHostRefusal(c: Context<AppEnv>, allowed: ReadonlySet<string>): Response | undefined {
  // In-process requests (app.request) carry no Host header: their URL's host is the one meant.
  const header = c.req.header("host") ?? new URL(c.req.url).host;
  if (allowed.has(normalizeHost(header)) || ANY_HOST_PATHS.has(c.req.path)) return undefined;
  c.header("Connection", "close");
  return errorResponse(
    c,
    "host_not_allowed",
    `This server does not answer to the host name ${JSON.stringify(header.slice(0, 100))}: add it to ALLOWED_HOSTS, or use localhost`,
  );
}
