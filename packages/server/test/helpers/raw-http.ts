/**
 * HTTP/1.1 over a bare socket, sending the request target exactly as given. fetch, undici and
 * http.request normalize `..` and `%2e` before sending, which is what an attacker's own client
 * does not do.
 */
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields.
  json: any;
}

function dechunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    if (eol < 0) return out;
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = "",
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    // The Host a client names, when the test gives one (DNS rebinding); else the loopback address.
    const ownHost = Object.keys(headers).some((name) => name.toLowerCase() === "host");
    const lines = [
      `${method} ${target} HTTP/1.1`,
      ...(ownHost ? [] : [`Host: 127.0.0.1:${port}`]),
      "Connection: close",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ...(body ? [`Content-Length: ${Buffer.byteLength(body)}`] : method === "POST" ? ["Content-Length: 0"] : []),
    ];
    // write, not end: a half-closed socket lets Node drop a response that is still being made.
    socket.on("connect", () => socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`));
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...headerLines] = text.slice(0, split).split("\r\n");
      const parsed: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = text.slice(split + 4);
      const payload = parsed["transfer-encoding"] === "chunked" ? dechunk(raw) : raw;
      let json: unknown;
      try {
        json = JSON.parse(payload);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers: parsed, body: payload, json });
    });
  });
}
