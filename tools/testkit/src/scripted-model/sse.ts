// Writes an assistant message as the Messages API's server-sent event stream:
// message_start, then per block content_block_start / _delta / _stop, then
// message_delta (stop_reason, output usage) and message_stop. Text and tool
// input are split into a few deltas so that clients' accumulation is exercised
// as it is against the real API.

import type { ServerResponse } from "node:http";
import type { AssistantMessage, ContentBlock } from "./message.js";

function chunks(text: string, size = 64): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

function blockEvents(block: ContentBlock, index: number): [string, unknown][] {
  if (block.type === "text") {
    return [
      ["content_block_start", { index, content_block: { type: "text", text: "" } }],
      ...chunks(block.text).map((text): [string, unknown] => [
        "content_block_delta",
        { index, delta: { type: "text_delta", text } },
      ]),
      ["content_block_stop", { index }],
    ];
  }
  const start = { type: "tool_use", id: block.id, name: block.name, input: {} };
  return [
    ["content_block_start", { index, content_block: start }],
    ...chunks(JSON.stringify(block.input)).map((partial_json): [string, unknown] => [
      "content_block_delta",
      { index, delta: { type: "input_json_delta", partial_json } },
    ]),
    ["content_block_stop", { index }],
  ];
}

export function sseEvents(message: AssistantMessage): [string, unknown][] {
  const { content, stop_reason, usage, ...rest } = message;
  return [
    [
      "message_start",
      { message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } },
    ],
    ...content.flatMap(blockEvents),
    ["message_delta", { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }],
    ["message_stop", {}],
  ];
}

export function writeSse(res: ServerResponse, message: AssistantMessage): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": message.id.replace("msg", "req"),
  });
  for (const [type, data] of sseEvents(message)) {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...(data as object) })}\n\n`);
  }
  res.end();
}
