/**
 * A server-sent-events parser for fetch response bodies, following the WHATWG event-stream
 * format: works on any `ReadableStream<Uint8Array>` (Node 20's fetch and browsers alike) and
 * uses only TextDecoder, so there is no Node-only import and no EventSource (which cannot send
 * an Authorization header).
 */

/** One dispatched event. */
export interface SseMessage {
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` fields joined with newlines. */
  data: string;
  /** The `id:` field of this event, when it had one. */
  id: string | undefined;
  /** The `retry:` field (reconnection time in ms), when it had one. */
  retry: number | undefined;
}

/**
 * Incremental parser: feed it decoded text in chunks of any size; it returns the events each
 * chunk completes. Lines may end in LF, CRLF or CR, even when a CRLF is split across chunks.
 */
export class SseParser {
  private buffer = "";
  private afterCr = false;
  private started = false;
  private event = "";
  private data: string[] = [];
  private id: string | undefined;
  private retry: number | undefined;

  /** Parses the next chunk of text. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line: skip the LF of that CRLF.
    if (this.afterCr && text.startsWith("\n")) text = text.slice(1);
    this.afterCr = false;
    this.buffer += text;
    const messages: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf("\n", start);
      const cr = this.buffer.indexOf("\r", start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) break;
      const line = this.buffer.slice(start, end);
      if (this.buffer[end] === "\r") {
        if (end + 1 === this.buffer.length) this.afterCr = true;
        start = this.buffer[end + 1] === "\n" ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private line(line: string): SseMessage | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined; // a comment (heartbeat)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.event = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
      // Unknown fields are ignored, as the format requires.
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const { event, data, id, retry } = this;
    this.event = "";
    this.data = [];
    this.id = undefined;
    this.retry = undefined;
    // As in browsers, a block without data dispatches nothing.
    if (data.length === 0) return undefined;
    return { event: event || "message", data: data.join("\n"), id, retry };
  }
}

/**
 * Reads a response body as events. Rejects when the body fails (connection reset) and
 * returns when it ends; an event not yet terminated by a blank line is dropped, as in browsers.
 * `onChunk` is called whenever bytes arrive (heartbeats included), e.g. to feed a watchdog.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, onChunk?: () => void): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      onChunk?.();
      if (done) {
        yield* parser.push(decoder.decode());
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // Stops the download when the consumer leaves early (or the stream failed).
    await reader.cancel().catch(() => {});
  }
}
