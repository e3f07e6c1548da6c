/**
 * Versions of the run protocol: the files the API server and its run wrapper exchange (run
 * spec, exit record, approval requests and answers). Tasks outlive the server: a run started
 * by one version may be finished, answered or read by the next, and a server may be rolled back
 * under a live run. So every file carries `protocol`, and every reader:
 * - takes a file without `protocol` for version 1 (files written before versions existed have
 *   version 1's shape);
 * - ignores fields it does not know: an addition an older reader may safely ignore (a new
 *   optional field, such as what steering or budgets will add) keeps the version;
 * - refuses a newer version with a message saying so: a change an older reader would
 *   misunderstand raises the version.
 * Files are validated when read, never cast: a file that cannot be understood is a problem
 * with a reason, which each side turns into a clear outcome (see its callers).
 */
import type * as z from "zod/mini";

/** The version this code writes, and the newest it reads. */
export const RUN_PROTOCOL = 1;

/**
 * A file as read: its record, or the problem with it. `notJson` marks text that is not JSON at
 * all, which a reader may take for a file still being written (every writer puts its files in
 * place whole, but a reader cannot tell a copy in progress from a broken file by the text).
 */
export type ProtocolRead<T> = { ok: true; value: T } | { ok: false; problem: string; notJson?: true };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The first issue zod found, as `field: message`, enough to see what is wrong with the file. */
function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? issue.path.join(".") : "the record";
  return `${where}: ${issue.message}`;
}

/** Reads one protocol file (`what` names it in problems), checking its version, then its shape. */
export function readProtocolFile<T>(schema: z.ZodMiniType<T>, what: string, text: string): ProtocolRead<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${what} is not JSON`, notJson: true };
  }
  if (!isObject(parsed)) return { ok: false, problem: `${what} is not a JSON object` };
  const version = parsed.protocol ?? 1;
  if (!Number.isInteger(version) || (version as number) < 1) {
    return { ok: false, problem: `${what} has no valid protocol version (${JSON.stringify(version)})` };
  }
  if ((version as number) > RUN_PROTOCOL) {
    return {
      ok: false,
      problem: `${what} uses run protocol ${version}, newer than this claude-task-api understands (${RUN_PROTOCOL}): a newer version wrote it; run the server and its run wrapper from one version`,
    };
  }
  const result = schema.safeParse(parsed);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problem: `${what} is not valid: ${firstIssue(result.error)}` };
}

/** The text of a protocol file holding `record`, marked with this code's version. */
export const protocolFile = (record: object): string => JSON.stringify({ protocol: RUN_PROTOCOL, ...record });
