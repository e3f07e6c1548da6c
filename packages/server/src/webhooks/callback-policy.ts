/**
 * Which callback URLs the server will call. Only http(s). A callback lets whoever holds the
 * token make the pod send requests (SSRF); WEBHOOK_ALLOWED_HOSTS limits that to known
 * receivers, the address policy keeps them off loopback, private and metadata addresses, and
 * callbacks need WEBHOOK_SECRET so receivers can tell them from forgeries. The same check runs
 * at create and again before every delivery attempt, so a stored callback obeys the policy the
 * server has now, not the one it had when the task was created.
 */
import { isIP } from "node:net";
import { AppError } from "../errors.js";
import { addressRefusal } from "./address-policy.js";

export interface CallbackPolicy {
  secret: string | undefined;
  allowedHosts: string[] | undefined;
  /** WEBHOOK_ALLOW_PRIVATE_ADDRESSES: loopback and private receivers (tests, in-cluster). */
  allowPrivateAddresses: boolean;
}

const hostAllowed = (host: string, allowed: string[]) =>
  allowed.some((entry) => (entry.startsWith("*.") ? host.endsWith(entry.slice(1)) : host === entry));

/** Names that always mean this machine (RFC 6761), refused without resolving them. */
const isLocalhostName = (host: string) => {
  const name = host.replace(/\.+$/, "");
  return name === "localhost" || name.endsWith(".localhost");
};

const refuse = (message: string) => new AppError("validation_failed", message);

/**
 * Throws a validation AppError when the URL may not be used as a callback; returns the parsed
 * URL otherwise. Messages name the host at most, never the whole URL (it may carry secrets).
 * A host given as an IP address (in any form the URL parser accepts, e.g. 2130706433) is
 * checked here; a name is checked after it is resolved, at each delivery.
 */
export function checkCallbackUrl(raw: string, policy: CallbackPolicy): URL {
  if (!policy.secret) {
    throw refuse("callback_url needs webhooks enabled on the server (set WEBHOOK_SECRET)");
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("callback_url must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse("callback_url must use http or https");
  }
  if (url.username || url.password) {
    throw refuse("callback_url must not contain a user name or password: receivers authenticate deliveries by their signature");
  }
  const host = callbackHost(url);
  if (policy.allowedHosts && !hostAllowed(host, policy.allowedHosts)) {
    throw refuse(`callback_url host ${host} is not in WEBHOOK_ALLOWED_HOSTS`);
  }
  const addressProblem = isIP(host)
    ? addressRefusal(host, policy)
    : isLocalhostName(host)
      ? addressRefusal("127.0.0.1", policy)
      : undefined;
  if (addressProblem) throw refuse(`callback_url host ${host} is refused: ${addressProblem}`);
  return url;
}

/** The URL's host as compared with WEBHOOK_ALLOWED_HOSTS: lower case, IPv6 without brackets. */
export const callbackHost = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, "");

/**
 * The URL as the API shows it: without a user name or password. New callbacks cannot carry
 * them, but older versions stored whatever they were given, and a task's detail is not the
 * place to repeat a receiver's credentials (its delivery is refused and says why).
 */
export function callbackUrlWithoutCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = "";
    url.password = "";
    return url.toString();
  } catch {
    return raw;
  }
}

/** The URL as it may appear in logs: scheme, host and port, no credentials, path or query. */
export function redactedCallbackUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(not a URL)";
  }
}
