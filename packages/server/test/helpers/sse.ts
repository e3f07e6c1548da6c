/** A minimal server-sent events client over fetch, for tests that read /events streams. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  /** When the event was parsed (performance.now()). */
  at: number;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Resolves with events until `stop` says so (or the stream ends), then disconnects. */
  collect(stop?: (e: SseEvent, all: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pending: SseEvent[] = [];
  let done = false;

  const parseBlocks = () => {
    let index = buffer.indexOf("\n\n");
    while (index !== -1) {
      const block = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      const event: SseEvent = { event: "message", data: "", at: performance.now() };
      const data: string[] = [];
      let any = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        any = true;
        if (field === "event") event.event = value;
        else if (field === "data") data.push(value);
        else if (field === "id") event.id = value;
      }
      event.data = data.join("\n");
      if (any) pending.push(event);
      index = buffer.indexOf("\n\n");
    }
  };

  return {
    status: res.status,
    headers: res.headers,
    close: () => controller.abort(),
    collect: async (stop = () => false, timeoutMs = 30_000) => {
      const out: SseEvent[] = [];
      const deadline = Date.now() + timeoutMs;
      while (!done) {
        while (pending.length) {
          const e = pending.shift() as SseEvent;
          out.push(e);
          if (stop(e, out)) {
            controller.abort();
            return out;
          }
        }
        if (Date.now() > deadline) {
          controller.abort();
          throw new Error(`SSE timed out after ${out.length} events: ${out.map((e) => e.event).join(",")}`);
        }
        const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), Math.max(1, deadline - Date.now())));
        const next = await Promise.race([reader?.read() ?? Promise.resolve({ done: true, value: undefined }), timer]);
        if (next === "timeout") continue;
        if (next.done) done = true;
        else buffer += decoder.decode(next.value, { stream: true });
        parseBlocks();
      }
      out.push(...pending.splice(0));
      return out;
    },
  };
}
