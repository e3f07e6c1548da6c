/**
 * The approval files. In a run with `approvals`, claude asks before using a tool its permission
 * mode does not allow by itself. The wrapper (which talks to claude over stdin/stdout) gives each
 * request an id, writes it to runs/{run}.approval-{id}.json and an `approval` line to
 * output.log, and waits for runs/{run}.approval-{id}.answer.json. Whoever answers first wins:
 * the answer file is created exclusively, by the server (an answer over the API) or by the
 * wrapper itself (the approval timed out). The wrapper then writes an `approval_decision` line.
 * Both files live on disk so an approval survives a restart of the API server. Both are written
 * whole (a rename or a link), so a file that exists is complete.
 */
import { parameters } from "@claude-task-api/sdk/contract";
import type { ApprovalRequestLine } from "@claude-task-api/sdk/protocol";
// zod/mini: the wrapper bundles these schemas, and classic zod would multiply its size.
import * as z from "zod/mini";
import { type ProtocolRead, protocolFile, readProtocolFile } from "./versioned.js";

/** Approval ids are made by the wrapper; anything else is refused before it reaches a path (openapi.yaml's pattern). */
const APPROVAL_ID = new RegExp(parameters.ApprovalId.pattern);

const toolInput = z.record(z.string(), z.unknown());

/** A request file: the same object as the run's `approval` line in output.log (openapi.yaml's TaskApprovalEvent). */
export const approvalRequestSchema = z.object({
  type: z.literal("approval"),
  approval_id: z.string().check(z.regex(APPROVAL_ID)),
  run: z.int().check(z.minimum(0)),
  tool: z.string(),
  input: toolInput,
  requested_at: z.number(),
  expires_at: z.optional(z.number()),
  tool_use_id: z.optional(z.string()),
}) satisfies z.ZodMiniType<ApprovalRequestLine>;

/**
 * An answer file: the answer as the API took it, when, and by whom (`client`: over the API;
 * `timeout`: the wrapper denied it when its time ran out).
 */
export const approvalAnswerSchema = z.object({
  decision: z.enum(["allow", "deny"]),
  message: z.optional(z.string()),
  /** With allow: the input the tool runs with instead of the one claude asked for. */
  updated_input: z.optional(toolInput),
  answered_at: z.number(),
  by: z.enum(["client", "timeout"]),
});
export type ApprovalAnswerRecord = z.infer<typeof approvalAnswerSchema>;

/** The file names (inside the task's runs/ folder) of an approval's request and answer. */
export const approvalRequestFileName = (run: number, approvalId: string) => `${run}.approval-${approvalId}.json`;
export const approvalAnswerFileName = (run: number, approvalId: string) => `${run}.approval-${approvalId}.answer.json`;

const APPROVAL_FILE = /^(0|[1-9][0-9]{0,5})\.approval-(.+?)(\.answer)?\.json$/;

/** The run, approval and kind of an approval file name; undefined for any other name. */
export function parseApprovalFileName(name: string): { run: number; approvalId: string; answer: boolean } | undefined {
  const match = APPROVAL_FILE.exec(name);
  if (!match || !APPROVAL_ID.test(match[2] as string)) return undefined;
  return { run: Number(match[1]), approvalId: match[2] as string, answer: match[3] !== undefined };
}

/** Reads a request file; `file` (its parsed name) must agree with what it says. */
export function readApprovalRequest(text: string, file: { run: number; approvalId: string }): ProtocolRead<ApprovalRequestLine> {
  const read = readProtocolFile(approvalRequestSchema, `approval request ${file.approvalId}`, text);
  if (read.ok && (read.value.run !== file.run || read.value.approval_id !== file.approvalId)) {
    return { ok: false, problem: `approval request ${file.approvalId} names another run or approval than its file` };
  }
  return read;
}

export const readApprovalAnswer = (text: string, approvalId: string): ProtocolRead<ApprovalAnswerRecord> =>
  readProtocolFile(approvalAnswerSchema, `the answer to approval ${approvalId}`, text);

export const approvalRequestFile = (request: ApprovalRequestLine): string => protocolFile(request);
export const approvalAnswerFile = (answer: ApprovalAnswerRecord): string => protocolFile(answer);
