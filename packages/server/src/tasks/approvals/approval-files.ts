/**
 * A task's approval files in its runs/ folder, as the server reads and answers them. The run
 * wrapper writes each request (runs/{run}.approval-{id}.json) and waits for its answer file;
 * the file names and record formats are the run protocol's (runner/protocol/approval-records.ts).
 * A file this server cannot understand (another version's) is kept apart with its reason.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ApprovalRequestLine } from "@claude-task-api/sdk/protocol";
import {
  type ApprovalAnswerRecord,
  approvalAnswerFile,
  approvalAnswerFileName,
  parseApprovalFileName,
  readApprovalAnswer,
  readApprovalRequest,
} from "../../runner/protocol/approval-records.js";
import type { ProtocolRead } from "../../runner/protocol/versioned.js";
import { writeFileExclusive } from "../../util/atomic-write.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { PendingApproval } from "../task-model.js";

export interface ApprovalOnDisk {
  request: ApprovalRequestLine;
  /** The answer, or why its file (which exists) cannot be understood. */
  answer?: ApprovalAnswerRecord | { unreadable: string };
}

/** An approval request file this server cannot understand, and why. */
export interface UnreadableApproval {
  run: number;
  approvalId: string;
  problem: string;
}

export class ApprovalFiles {
  constructor(private readonly paths: TaskPaths) {}

  /** Every approval of one run (or of every run), with its answer when there is one, oldest first. */
  async list(taskId: string, run?: number): Promise<ApprovalOnDisk[]> {
    return (await this.scan(taskId, run)).approvals;
  }

  /** Like list, and the request files that cannot be understood. */
  async scan(taskId: string, run?: number): Promise<{ approvals: ApprovalOnDisk[]; unreadable: UnreadableApproval[] }> {
    const dir = this.paths.runsDir(taskId);
    const names = await readdir(dir).catch(() => [] as string[]);
    const requests: Array<{ name: string; run: number; approvalId: string }> = [];
    const answered = new Set<string>();
    for (const name of names) {
      const file = parseApprovalFileName(name);
      if (!file || (run !== undefined && file.run !== run)) continue;
      if (file.answer) answered.add(`${file.run}/${file.approvalId}`);
      else requests.push({ name, ...file });
    }
    const approvals: ApprovalOnDisk[] = [];
    const unreadable: UnreadableApproval[] = [];
    await Promise.all(
      requests.map(async (file) => {
        const text = await readFile(path.join(dir, file.name), "utf8").catch(() => undefined);
        if (text === undefined) return; // withdrawn meanwhile
        const read = readApprovalRequest(text, file);
        if (!read.ok) {
          unreadable.push({ run: file.run, approvalId: file.approvalId, problem: read.problem });
          return;
        }
        const request = read.value;
        if (!answered.has(`${file.run}/${file.approvalId}`)) return void approvals.push({ request });
        const answer = await this.readAnswer(taskId, request.run, request.approval_id);
        approvals.push(answer === undefined ? { request } : { request, answer: answerOrProblem(answer) });
      }),
    );
    approvals.sort((a, b) => a.request.requested_at - b.request.requested_at);
    return { approvals, unreadable };
  }

  /** The approval with this id, in whichever run asked for it; `unreadable` when its request cannot be understood. */
  async find(taskId: string, approvalId: string): Promise<ApprovalOnDisk | UnreadableApproval | undefined> {
    const { approvals, unreadable } = await this.scan(taskId);
    return approvals.find((a) => a.request.approval_id === approvalId) ?? unreadable.find((u) => u.approvalId === approvalId);
  }

  /** The answer file's content; undefined when there is none. */
  async readAnswer(taskId: string, run: number, approvalId: string): Promise<ProtocolRead<ApprovalAnswerRecord> | undefined> {
    const file = path.join(this.paths.runsDir(taskId), approvalAnswerFileName(run, approvalId));
    const text = await readFile(file, "utf8").catch(() => undefined);
    return text === undefined ? undefined : readApprovalAnswer(text, approvalId);
  }

  /** Writes the answer unless one exists (the wrapper's timeout may have got there first); false then. */
  writeAnswer(taskId: string, run: number, approvalId: string, answer: ApprovalAnswerRecord): Promise<boolean> {
    const file = path.join(this.paths.runsDir(taskId), approvalAnswerFileName(run, approvalId));
    return writeFileExclusive(file, approvalAnswerFile(answer), 0o600);
  }
}

export const answerOrProblem = (read: ProtocolRead<ApprovalAnswerRecord>): ApprovalAnswerRecord | { unreadable: string } =>
  read.ok ? read.value : { unreadable: read.problem };

export const pendingView = (r: ApprovalRequestLine): PendingApproval => ({
  approval_id: r.approval_id,
  run: r.run,
  tool: r.tool,
  input: r.input,
  requested_at: r.requested_at,
  ...(r.expires_at !== undefined && { expires_at: r.expires_at }),
});
