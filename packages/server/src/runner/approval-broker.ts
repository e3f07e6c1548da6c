/**
 * The wrapper's side of approvals (see the approval files in protocol/approval-records.ts).
 * claude, started with `--input-format stream-json --permission-prompt-tool stdio`, sends a
 * `control_request` (subtype `can_use_tool`) on stdout before each tool use its permission
 * mode does not allow by itself, and waits for the `control_response` on stdin. This broker
 * turns each request into a request file and an `approval` line, waits for the answer file
 * (written by the API server, or by this broker when the approval times out), and hands the
 * answer to claude. The waiting happens here, in the run's own process, so an approval
 * outlives any restart of the API server.
 */
import { randomBytes } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import type { ApprovalDecisionLine, ApprovalRequestLine } from "@claude-task-api/sdk/protocol";
import { writeFileAtomic, writeFileExclusive } from "../util/atomic-write.js";
import { whileDiskFull } from "./disk-full.js";
import {
  type ApprovalAnswerRecord,
  approvalAnswerFile,
  approvalAnswerFileName,
  approvalRequestFile,
  approvalRequestFileName,
  readApprovalAnswer,
} from "./protocol/approval-records.js";
import type { RunSpec } from "./protocol/run-spec.js";
import type { RunLog } from "./run-log.js";

/** How often an answer file is looked for besides the watch (a watch can miss events, e.g. after an overflow). */
const ANSWER_POLL_MS = 1000;

/** What Claude is told when a denial carries no message. */
const DEFAULT_DENIAL = "The person reviewing this task denied this tool use.";

interface ControlRequest {
  type: "control_request";
  request_id: string;
  request: { subtype: string; tool_name?: string; input?: Record<string, unknown>; tool_use_id?: string };
}

/**
 * Why a wait ended without an answer: claude withdrew the request, the run is ending, or the
 * answer file says something this wrapper cannot understand (another version's).
 */
type WaitEnd = "withdrawn" | "run_ending" | { unreadable: string };

const now = () => Date.now() / 1000;

export class ApprovalBroker {
  /** Per control request id, how to end its wait without an answer. */
  private readonly waiting = new Map<string, (why: WaitEnd) => void>();

  constructor(
    private readonly config: NonNullable<RunSpec["approvals"]>,
    private readonly log: RunLog,
    /** Sends one stream-json message to claude's stdin. */
    private readonly send: (message: object) => void,
  ) {}

  /**
   * Takes a line of claude's stdout. Returns true when it was a control message (handled here,
   * not output), false for every other line.
   */
  take(line: string): boolean {
    // Cheap test first: most lines are output, and some are large.
    if (!line.includes('"type":"control_')) return false;
    let message: { type?: unknown; request_id?: unknown; request?: { subtype?: unknown } };
    try {
      message = JSON.parse(line);
    } catch {
      return false;
    }
    if (message.type === "control_cancel_request" && typeof message.request_id === "string") {
      this.waiting.get(message.request_id)?.("withdrawn");
      return true;
    }
    if (message.type !== "control_request" || typeof message.request_id !== "string") return false;
    const request = message as ControlRequest;
    if (request.request.subtype === "can_use_tool") {
      void this.ask(request).catch((err: Error) => this.answer(request.request_id, deny(`claude-task-api: ${err.message}`)));
    } else {
      // Nothing else was asked for at start-up (no hooks, no SDK MCP servers): say so, rather than leave claude waiting.
      this.send({
        type: "control_response",
        response: {
          subtype: "error",
          request_id: request.request_id,
          error: `unsupported control request ${request.request.subtype}`,
        },
      });
    }
    return true;
  }

  /**
   * Stops every wait (the run is ending); nothing more is sent to claude. The request files
   * stay: the server sees the run ended, and refuses late answers as closed.
   */
  close(): void {
    for (const end of this.waiting.values()) end("run_ending");
  }

  private async ask(request: ControlRequest): Promise<void> {
    const { run, runsDir, timeoutSeconds } = this.config;
    const approvalId = `ap_${randomBytes(8).toString("hex")}`;
    const requestedAt = now();
    const pending: ApprovalRequestLine = {
      type: "approval",
      approval_id: approvalId,
      run,
      tool: request.request.tool_name ?? "unknown",
      input: request.request.input ?? {},
      requested_at: requestedAt,
      ...(timeoutSeconds !== undefined && { expires_at: requestedAt + timeoutSeconds }),
      ...(typeof request.request.tool_use_id === "string" && { tool_use_id: request.request.tool_use_id }),
    };
    const requestFile = path.join(runsDir, approvalRequestFileName(run, approvalId));
    // The file is what the API and webhooks show: without the run's secrets. Claude gets back
    // the input it asked with (an allowed tool runs as asked), never the redacted copy.
    const shown = { ...pending, input: this.log.redacted(pending.input) };
    await whileDiskFull(() => writeFileAtomic(requestFile, approvalRequestFile(shown), 0o600));
    await this.log.appendLine(JSON.stringify(pending));

    const answer = await this.waitForAnswer(request.request_id, approvalId, pending.expires_at);
    if (answer === "withdrawn") {
      // claude no longer waits for it, so it is not pending any more either.
      await unlink(requestFile).catch(() => {});
      return;
    }
    if (answer === "run_ending") return;
    if ("unreadable" in answer) {
      // Safe by default: a tool nobody could be seen to allow does not run.
      const why = `claude-task-api: ${answer.unreadable}; the tool use was denied`;
      await this.log.appendLine(why);
      this.answer(request.request_id, deny(why));
      return;
    }
    const decision: ApprovalDecisionLine = {
      type: "approval_decision",
      approval_id: approvalId,
      run,
      tool: pending.tool,
      decision: answer.decision,
      ...(answer.message !== undefined && { message: answer.message }),
      // What runs is what the log shows: a changed input is part of the decision.
      ...(answer.decision === "allow" && answer.updated_input !== undefined && { updated_input: answer.updated_input }),
      answered_at: answer.answered_at,
      by: answer.by,
    };
    await this.log.appendLine(JSON.stringify(decision));
    this.answer(
      request.request_id,
      answer.decision === "allow"
        ? { behavior: "allow", updatedInput: decision.updated_input ?? pending.input }
        : deny(answer.message ?? DEFAULT_DENIAL),
    );
  }

  private answer(requestId: string, response: object): void {
    this.send({ type: "control_response", response: { subtype: "success", request_id: requestId, response } });
  }

  /** The answer once its file exists (or the timeout's own denial), or why the wait ended without one. */
  private waitForAnswer(
    requestId: string,
    approvalId: string,
    expiresAt: number | undefined,
  ): Promise<ApprovalAnswerRecord | WaitEnd> {
    const { run, runsDir } = this.config;
    const answerName = approvalAnswerFileName(run, approvalId);
    const answerFile = path.join(runsDir, answerName);
    return new Promise((resolve) => {
      let settled = false;
      let watcher: FSWatcher | undefined;
      const timers: NodeJS.Timeout[] = [];
      const settle = (answer: ApprovalAnswerRecord | WaitEnd) => {
        if (settled) return;
        settled = true;
        watcher?.close();
        for (const timer of timers) clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(answer);
      };
      const look = async () => {
        if (settled) return;
        const text = await readFile(answerFile, "utf8").catch(() => undefined);
        if (text === undefined) return;
        const read = readApprovalAnswer(text, approvalId);
        // Not JSON yet: taken for a file still being written; the next look reads it again.
        if (!read.ok && read.notJson) return;
        settle(read.ok ? read.value : { unreadable: read.problem });
      };
      this.waiting.set(requestId, settle);
      try {
        watcher = watch(runsDir, (_event, name) => {
          if (name === answerName) void look();
        });
        watcher.on("error", () => {});
      } catch {
        // No watch (inotify limits): the poll below still finds the answer.
      }
      const poll = setInterval(() => void look(), ANSWER_POLL_MS);
      timers.push(poll);
      if (expiresAt !== undefined) {
        const timeout = setTimeout(
          () => void this.expire(answerFile, expiresAt).then(look),
          Math.max(0, (expiresAt - now()) * 1000),
        );
        timers.push(timeout);
      }
      void look();
    });
  }

  /** Denies an approval whose time ran out, unless an answer got there first. */
  private async expire(answerFile: string, expiresAt: number): Promise<void> {
    const seconds = this.config.timeoutSeconds ?? 0;
    const record: ApprovalAnswerRecord = {
      decision: "deny",
      message: `Nobody answered this approval within ${seconds} ${seconds === 1 ? "second" : "seconds"} (approval_timeout_seconds), so it was denied.`,
      answered_at: Math.max(now(), expiresAt),
      by: "timeout",
    };
    await whileDiskFull(() => writeFileExclusive(answerFile, approvalAnswerFile(record), 0o600));
  }
}

const deny = (message: string) => ({ behavior: "deny", message });
