// Sorts incoming requests. Only "conversation" requests follow rules and
// directives; everything else gets a fixed, immediate answer so that the CLI's
// housekeeping calls can never consume a scripted step, wait on a delay or fail.
//
// Seen from claude 2.1.328 in `-p` mode: every model call is a streaming
// POST /v1/messages?beta=true. `/compact` sends one too, with the summary
// instructions as the last user message; it is a "side" request here. With
// nonessential traffic allowed the CLI also sends `HEAD /api/hello`.
// Non-streaming calls and count_tokens were not seen but are answered anyway:
// a non-streaming call WITH tools is taken as the conversation (the CLI's
// non-streaming fallback), one without tools as housekeeping (titles, command
// prefix checks and the like use a small model, no tools, no streaming).

import { findTurn } from "./conversation.js";
import type { RequestKind } from "./types.js";

const COMPACTION = /an <analysis> block followed by a <summary> block/;

export function isCompaction(body: unknown): boolean {
  const turn = findTurn((body as { messages?: unknown } | null)?.messages);
  return turn !== undefined && COMPACTION.test(turn.prompt);
}

export function classify(method: string, pathname: string, body: unknown): RequestKind {
  if (method === "GET" || method === "HEAD") return "probe";
  if (method !== "POST") return "unknown";
  if (pathname === "/v1/messages/count_tokens") return "count_tokens";
  if (pathname !== "/v1/messages" || typeof body !== "object" || body === null) return "unknown";
  const b = (body ?? {}) as { stream?: unknown; tools?: unknown };
  const hasTools = Array.isArray(b.tools) && b.tools.length > 0;
  return (b.stream === true || hasTools) && !isCompaction(body) ? "conversation" : "side";
}
