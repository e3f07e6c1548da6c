// Small helpers for answering over node:http in the Messages API's shapes.

import type { IncomingMessage, ServerResponse } from "node:http";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Anthropic's error JSON. `x-should-retry: false` makes the CLI's SDK give up at
 * once; without it a 5xx or 429 is retried 10 times with growing backoff.
 */
export function writeError(res: ServerResponse, status: number, message?: string): void {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  const body = { type: "error", error: { type, message: message ?? `Scripted error ${status}` }, request_id: "req_scripted" };
  writeJson(res, status, body, { "x-should-retry": "false", "request-id": "req_scripted" });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
