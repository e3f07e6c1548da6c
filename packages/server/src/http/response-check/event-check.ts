/**
 * The events of a task's event stream, checked as they pass: openapi.yaml declares the stream
 * as text, and its events' data by schema (TaskStatusEvent, TaskExitEvent, ...). The stream is
 * passed on chunk by chunk, at most one chunk held, so a client's pace still reaches the
 * server's writes (the feed's backpressure and its slow-client limits keep working).
 */
import type { ZodType } from "zod";
import { z } from "zod";
import {
  ApprovalDecisionSchema,
  TaskApprovalEventSchema,
  TaskEndEventSchema,
  TaskExitEventSchema,
  TaskStatusEventSchema,
} from "../../generated/schemas.js";

/** The data of the events the server makes itself; other events carry a stream-json line. */
const EVENT_DATA: Record<string, ZodType> = {
  status: TaskStatusEventSchema,
  exit: TaskExitEventSchema,
  end: TaskEndEventSchema,
  approval: TaskApprovalEventSchema,
  approval_decision: ApprovalDecisionSchema,
  text: z.string(),
};
const LINE_EVENT = /^[A-Za-z0-9_.-]{1,64}$/;
const EVENT_ID = /^[0-9]{1,15}$/;

/** What is wrong with one event (the text between blank lines), or undefined. */
export function eventProblem(frame: string): string | undefined {
  let event: string | undefined;
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith(":") || line === "") continue; // a comment: the heartbeat
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
    else return `an event with the unknown field ${field.slice(0, 40)}`;
  }
  if (event === undefined && data.length === 0 && id === undefined) return undefined;
  if (id !== undefined && !EVENT_ID.test(id)) return "an event id that is not a byte position";
  if (event === undefined) return "an event without a name";
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.join("\n"));
  } catch {
    return `event ${event} whose data is not JSON`;
  }
  const schema = EVENT_DATA[event];
  if (schema) {
    const result = schema.safeParse(parsed);
    if (result.success) return undefined;
    const where = result.error.issues.map((issue) => `${issue.path.join(".") || "(data)"}: ${issue.message}`).join("; ");
    return `event ${event} whose data does not match its schema: ${where}`;
  }
  if (!LINE_EVENT.test(event)) return "an event whose name is not a stream-json type";
  const type = (parsed as { type?: unknown } | null)?.type;
  return type === event ? undefined : `event ${event} whose data is not a stream-json line of that type`;
}

/** `body`, passed on unchanged; each event's problem goes to `problem`. */
export function checkingEvents(body: ReadableStream<Uint8Array>, problem: (text: string) => void): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let pending = "";
  const check = (final: boolean) => {
    const frames = pending.replace(/\r\n?/g, "\n").split("\n\n");
    pending = final ? "" : (frames.pop() ?? "");
    for (const frame of frames) {
      const found = eventProblem(frame);
      if (found) problem(found);
    }
  };
  // The default strategies: one chunk may wait on the writing side, none on the reading side.
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        pending += decoder.decode(chunk, { stream: true });
        check(false);
      },
      flush() {
        pending += decoder.decode();
        check(true);
      },
    }),
  );
}
