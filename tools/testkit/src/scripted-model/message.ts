// Builds the assistant message for a text or tool_use reply. Usage numbers are
// rough estimates (4 characters per token) so that the CLI's result event shows
// non-zero usage and total_cost_usd, as it would against the real API.

import { randomBytes } from "node:crypto";
import type { TextReply, ToolUseReply } from "./types.js";

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface AssistantMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ContentBlock[];
  stop_reason: "end_turn" | "tool_use";
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: 0; cache_read_input_tokens: 0 };
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function buildMessage(reply: TextReply | ToolUseReply, model: string, inputChars: number): AssistantMessage {
  const block: ContentBlock =
    "toolUse" in reply
      ? { type: "tool_use", id: newId("toolu"), name: reply.toolUse.name, input: reply.toolUse.input }
      : { type: "text", text: reply.text };
  return {
    id: newId("msg"),
    type: "message",
    role: "assistant",
    model,
    content: [block],
    stop_reason: block.type === "tool_use" ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: Math.max(1, Math.ceil(inputChars / 4)),
      output_tokens: estimateTokens(JSON.stringify(block)),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}
