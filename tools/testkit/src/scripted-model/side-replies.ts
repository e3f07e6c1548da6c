// Fixed, immediate answers for requests that are not the scripted conversation.

import type { ServerResponse } from "node:http";
import { isCompaction } from "./classify.js";
import { writeError, writeJson } from "./http-util.js";
import { buildMessage } from "./message.js";
import { writeSse } from "./sse.js";
import type { RequestKind } from "./types.js";

// The CLI keeps only the <summary> part of a compaction answer.
const SUMMARY = "<analysis>Scripted model.</analysis>\n<summary>Summary of the scripted conversation so far.</summary>";

export function answerSide(res: ServerResponse, kind: RequestKind, method: string, body: unknown, inputChars: number): void {
  switch (kind) {
    case "probe":
      // e.g. `HEAD /api/hello`, a reachability check when nonessential traffic is on.
      if (method === "HEAD") res.writeHead(200).end();
      else writeJson(res, 200, {});
      return;
    case "count_tokens":
      writeJson(res, 200, { input_tokens: Math.max(1, Math.ceil(inputChars / 4)) });
      return;
    case "side": {
      const b = (body ?? {}) as { model?: unknown; stream?: unknown };
      const text = isCompaction(body) ? SUMMARY : "Scripted side reply";
      const message = buildMessage({ text }, String(b.model ?? "claude-scripted"), inputChars);
      if (b.stream === true) writeSse(res, message);
      else writeJson(res, 200, message);
      return;
    }
    default:
      writeError(res, 404, "Not found in the scripted model");
  }
}
