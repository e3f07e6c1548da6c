// The scripted model's HTTP server: records every request, routes it by kind and
// answers. Conversation requests follow rules or prompt directives (decide.ts);
// other kinds get fixed answers (side-replies.ts).

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answer, describeReply } from "./answer.js";
import { classify } from "./classify.js";
import { decide } from "./decide.js";
import { parseJson, readBody, writeError } from "./http-util.js";
import { answerSide } from "./side-replies.js";
import type { RecordedRequest, Rule, ScriptedModel, ScriptedModelOptions } from "./types.js";

export async function startScriptedModel(options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  let rules: readonly Rule[] = [...(options.rules ?? [])];
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  const log = options.log ?? (() => {});

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseJson(raw);
    const path = req.url ?? "/";
    const method = req.method ?? "GET";
    const kind = classify(method, new URL(path, "http://x").pathname, body);
    const record: RecordedRequest = { method, path, headers: { ...req.headers }, kind, body, receivedAt: Date.now() };
    requests.push(record);
    const n = requests.length - 1;
    if (kind !== "conversation") {
      log(`#${n} ${method} ${path} ${kind}`);
      answerSide(res, kind, method, body, raw.length);
      return;
    }
    const b = body as { model?: unknown; stream?: unknown };
    const decision = decide(body as object, rules);
    record.prompt = decision.prompt;
    record.step = decision.step;
    const prompt = JSON.stringify(decision.prompt.slice(0, 60));
    log(`#${n} ${method} ${path} step=${decision.step} ${decision.source} prompt=${prompt} -> ${describeReply(decision.reply)}`);
    const ctx = {
      model: String(b.model ?? "claude-scripted"),
      stream: b.stream === true,
      inputChars: raw.length,
      closing: closing.signal,
    };
    if (!(await answer(res, decision.reply, ctx))) log(`#${n} abandoned (client gone or model closed)`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) writeError(res, 500, "Scripted model failure");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setRules: (next) => {
      rules = [...next];
    },
    close,
  };
}
