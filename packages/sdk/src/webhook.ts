/**
 * Checking a webhook delivery: the server signs each one with
 * `X-Claude-Tasks-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (key:
 * its WEBHOOK_SECRET). Web Crypto only, so it runs in Node 20+, browsers, Deno and workers.
 */

import { headers } from "./generated/contract.js";

/** The header that carries the signature (openapi.yaml; lower-case, as Node's `req.headers` has it). */
export const WEBHOOK_SIGNATURE_HEADER = headers.WebhookSignature.toLowerCase() as Lowercase<typeof headers.WebhookSignature>;

/** Options of verifyWebhookSignature. */
export interface VerifyWebhookOptions {
  /** Deliveries signed longer ago (or further ahead) than this are refused. Default 300. */
  toleranceSeconds?: number | undefined;
  /** The current time in unix seconds (for tests). */
  now?: number | undefined;
}

const encoder = new TextEncoder();

/**
 * Whether `header` (the X-Claude-Tasks-Signature header) was made with `secret` over exactly
 * `body` (the raw request body, before any JSON parsing) within the tolerance. Never throws for
 * a bad header: it answers false.
 */
export async function verifyWebhookSignature(
  body: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<boolean> {
  // Node gives a repeated header as an array; the server sends it once.
  const signature = typeof header === "string" ? header : header?.[0];
  if (!signature || !secret) return false;
  const fields = signature.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]);
  const timestamp = fields.find(([key]) => key === "t")?.[1];
  // Several v1 entries may be sent while a secret is being rotated: any one may match.
  const candidates = fields
    .filter(([key, value]) => key === "v1" && value && /^[0-9a-f]{64}$/i.test(value))
    .map(([, value]) => value as string);
  if (!timestamp || !/^\d+$/.test(timestamp) || candidates.length === 0) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;

  const bodyBytes = typeof body === "string" ? encoder.encode(body) : body;
  const signed = new Uint8Array(timestamp.length + 1 + bodyBytes.length);
  signed.set(encoder.encode(`${timestamp}.`));
  signed.set(bodyBytes, timestamp.length + 1);
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const expected = new Uint8Array(await crypto.subtle.sign("HMAC", key, signed));
  return candidates.some((candidate) => constantTimeEqual(expected, hexBytes(candidate)));
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Compares without stopping at the first difference, so timing says nothing about the secret. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
