/**
 * Raw HTTP over node:http rather than fetch: the hostile-input suite needs to send bytes that
 * are not valid UTF-8, any header and any method, and every suite needs to tell "the server
 * never saw the request" (connection refused) from "it may have acted on it" (reset mid-way).
 */
import http from "node:http";

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: callers read arbitrary JSON fields.
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Abort after this long; SSE streams are cut once their head arrived. */
  timeoutMs?: number;
  /** Use a new connection instead of a kept-alive one, so one request cannot affect the next. */
  freshConnection?: boolean;
}

/** Thrown when no answer came; `maybeReceived` is false only when the connection was refused. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly maybeReceived: boolean,
  ) {
    super(message);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function request(baseUrl: string, req: RawRequest): Promise<HttpResult> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? "GET",
        path: req.path,
        // Node sends a GET/DELETE/OPTIONS body without any framing unless told its length.
        headers: req.body === undefined ? req.headers : { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) },
        agent: req.freshConnection ? false : agent,
        timeout: req.timeoutMs ?? 30_000,
      },
      (res) => {
        const streaming = String(res.headers["content-type"] ?? "").startsWith("text/event-stream");
        const chunks: Buffer[] = [];
        const done = () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        };
        // An event stream of a running task never ends by itself: its status and headers are
        // the answer, so stop reading at once rather than after a guessed moment.
        if (streaming) {
          done();
          r.destroy();
          return;
        }
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", done);
        res.on("error", done);
      },
    );
    r.on("timeout", () => r.destroy(new Error("timeout")));
    r.on("error", (err: NodeJS.ErrnoException) => {
      reject(new RequestFailed(`${req.method ?? "GET"} ${req.path}: ${err.message}`, err.code, err.code !== "ECONNREFUSED"));
    });
    r.end(req.body);
  });
}

export { waitFor } from "@claude-task-api/testkit";
