/**
 * Which callback URLs the server will call. Only http(s). A callback lets whoever holds the
 * token make the pod send requests (SSRF); WEBHOOK_ALLOWED_HOSTS limits that to known
 * receivers, and callbacks need WEBHOOK_SECRET so receivers can tell them from forgeries.
 */
import { AppError } from "../errors.js";

export interface CallbackPolicy {
  secret: string | undefined;
  allowedHosts: string[] | undefined;
}

const hostAllowed = (host: string, allowed: string[]) =>
  allowed.some((entry) => (entry.startsWith("*.") ? host.endsWith(entry.slice(1)) : host === entry));

/** Throws a validation AppError when the URL may not be used as a callback. */
export function checkCallbackUrl(raw: string, policy: CallbackPolicy): void {
  if (!policy.secret) {
    throw new AppError("validation_failed", "callback_url needs webhooks enabled on the server (set WEBHOOK_SECRET)");
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("validation_failed", "callback_url must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("validation_failed", "callback_url must use http or https");
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (policy.allowedHosts && !hostAllowed(host, policy.allowedHosts)) {
    throw new AppError("validation_failed", `callback_url host ${host} is not in WEBHOOK_ALLOWED_HOSTS`);
  }
}
