// Answers one POST /v1/messages with a decided reply: waits for its delay (giving
// up if the client leaves or the model closes), then sends an error, a JSON
// message or an SSE stream, whichever the request and reply call for.

import type { ServerResponse } from "node:http";
import { delay } from "./delay.js";
import { writeError, writeJson } from "./http-util.js";
import { buildMessage } from "./message.js";
import { writeSse } from "./sse.js";
import type { Reply } from "./types.js";

export interface AnswerContext {
  model: string;
  stream: boolean;
  /** Size of the request body, for plausible input token counts. */
  inputChars: number;
  /** Aborts when the model closes. */
  closing: AbortSignal;
}

/** An AbortSignal that fires when the client goes away before we answered. */
function disconnected(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => controller.abort());
  return controller.signal;
}

/** Returns false if the answer was abandoned (client gone or model closing). */
export async function answer(res: ServerResponse, reply: Reply, ctx: AnswerContext): Promise<boolean> {
  if (reply.delayMs && reply.delayMs > 0) {
    const waited = await delay(reply.delayMs, AbortSignal.any([ctx.closing, disconnected(res)]));
    if (!waited) {
      res.destroy();
      return false;
    }
  }
  if ("error" in reply) {
    writeError(res, reply.error.status, reply.error.message);
    return true;
  }
  const message = buildMessage(reply, ctx.model, ctx.inputChars);
  if (ctx.stream) writeSse(res, message);
  else writeJson(res, 200, message);
  return true;
}

export function describeReply(reply: Reply): string {
  const wait = reply.delayMs ? ` after ${reply.delayMs}ms` : "";
  if ("error" in reply) return `error ${reply.error.status}${wait}`;
  if ("toolUse" in reply) return `tool_use ${reply.toolUse.name} ${JSON.stringify(reply.toolUse.input).slice(0, 120)}${wait}`;
  return `text ${JSON.stringify(reply.text.slice(0, 80))}${wait}`;
}
