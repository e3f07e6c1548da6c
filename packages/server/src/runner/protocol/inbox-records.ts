/**
 * A run's inbox: the messages the server sends into a run in progress (steers, interrupts) and
 * who took each, as files in the task's runs/ folder. Files, not a socket: a message outlives a
 * restart of the API server between its 202 and the moment the run takes it.
 *
 * - runs/{run}.msg-{id}.json: one message, written whole by the server.
 * - runs/{run}.msg-{id}.taken.json: who took it, created exclusively (a hard link never
 *   replaces), so of the wrapper and the server exactly one wins: `run` (handed to claude in
 *   this run) or `server` (the run could no longer take it; a message with a prompt then runs as
 *   a follow-up). That makes every message delivered once, and never twice.
 * - runs/{run}.inbox-closed: created by the wrapper before it ends claude's input; it looks at
 *   the inbox once more after creating it. A server that writes a message and then finds the
 *   marker claims the message itself, so a message is never left to a run that stopped reading.
 */
import * as z from "zod/mini";
import { type ProtocolRead, protocolFile, readProtocolFile } from "./versioned.js";

export const inboxMessageSchema = z.object({
  kind: z.enum(["steer", "interrupt"]),
  /** A steer's message; an interrupt's optional message to continue with. */
  prompt: z.optional(z.string()),
  /** Unix seconds: the inbox is taken in this order. */
  sent_at: z.number(),
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

export const inboxClaimSchema = z.object({
  by: z.enum(["run", "server"]),
  at: z.number(),
});
export type InboxClaim = z.infer<typeof inboxClaimSchema>;

const NAME = /^(\d+)\.msg-(st_[0-9a-f]{16})(\.taken)?\.json$/;

export const inboxMessageFileName = (run: number, id: string) => `${run}.msg-${id}.json`;
export const inboxClaimFileName = (run: number, id: string) => `${run}.msg-${id}.taken.json`;
export const inboxClosedFileName = (run: number) => `${run}.inbox-closed`;

/** The run, id and kind of file of an inbox file name; undefined for any other file. */
export function parseInboxFileName(name: string): { run: number; id: string; claim: boolean } | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  return { run: Number(m[1]), id: m[2] as string, claim: m[3] !== undefined };
}

export const readInboxMessage = (text: string): ProtocolRead<InboxMessage> =>
  readProtocolFile(inboxMessageSchema, "an inbox message", text);
export const readInboxClaim = (text: string): ProtocolRead<InboxClaim> =>
  readProtocolFile(inboxClaimSchema, "an inbox claim", text);

export const inboxMessageFile = (message: InboxMessage): string => protocolFile(message);
export const inboxClaimFile = (claim: InboxClaim): string => protocolFile(claim);

/** The lines the wrapper appends to output.log (where Claude takes a message; an interrupt asked for). */
export type { InterruptLine, SteerLine } from "@claude-task-api/sdk/protocol";
