/**
 * A task's approval files in its runs/ folder, as the server reads and answers them. The run
 * wrapper writes each request (runs/{run}.approval-{id}.json) and waits for its answer file;
 * the file names and record formats are the run protocol's (@claude-task-api/sdk/protocol).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  type ApprovalAnswerRecord,
  type ApprovalRequestLine,
  approvalAnswerFileName,
  parseApprovalAnswer,
  parseApprovalFileName,
  parseApprovalRequest,
} from "@claude-task-api/sdk/protocol";
import { writeFileExclusive } from "../../util/atomic-write.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { PendingApproval } from "../task-model.js";

export interface ApprovalOnDisk {
  request: ApprovalRequestLine;
  answer?: ApprovalAnswerRecord;
}

export class ApprovalFiles {
  constructor(private readonly paths: TaskPaths) {}

  /** Every approval of one run (or of every run), with its answer when there is one, oldest first. */
  async list(taskId: string, run?: number): Promise<ApprovalOnDisk[]> {
    const dir = this.paths.runsDir(taskId);
    const names = await readdir(dir).catch(() => [] as string[]);
    const requests: string[] = [];
    const answered = new Set<string>();
    for (const name of names) {
      const file = parseApprovalFileName(name);
      if (!file || (run !== undefined && file.run !== run)) continue;
      if (file.answer) answered.add(`${file.run}/${file.approvalId}`);
      else requests.push(name);
    }
    const found = await Promise.all(
      requests.map(async (name): Promise<ApprovalOnDisk | undefined> => {
        const request = parseApprovalRequest(await readFile(path.join(dir, name), "utf8").catch(() => ""));
        if (!request) return undefined;
        if (!answered.has(`${request.run}/${request.approval_id}`)) return { request };
        const answer = await this.readAnswer(taskId, request.run, request.approval_id);
        return answer ? { request, answer } : { request };
      }),
    );
    return found.filter((a) => a !== undefined).sort((a, b) => a.request.requested_at - b.request.requested_at);
  }

  /** Requests of run `run` that nobody answered yet, in the shape the API shows. */
  async pending(taskId: string, run: number): Promise<PendingApproval[]> {
    return (await this.list(taskId, run)).filter((a) => !a.answer).map((a) => pendingView(a.request));
  }

  /** The approval with this id, in whichever run asked for it. */
  async find(taskId: string, approvalId: string): Promise<ApprovalOnDisk | undefined> {
    return (await this.list(taskId)).find((a) => a.request.approval_id === approvalId);
  }

  async readAnswer(taskId: string, run: number, approvalId: string): Promise<ApprovalAnswerRecord | undefined> {
    const file = path.join(this.paths.runsDir(taskId), approvalAnswerFileName(run, approvalId));
    return parseApprovalAnswer(await readFile(file, "utf8").catch(() => ""));
  }

  /** Writes the answer unless one exists (the wrapper's timeout may have got there first); false then. */
  writeAnswer(taskId: string, run: number, approvalId: string, answer: ApprovalAnswerRecord): Promise<boolean> {
    const file = path.join(this.paths.runsDir(taskId), approvalAnswerFileName(run, approvalId));
    return writeFileExclusive(file, JSON.stringify(answer), 0o600);
  }
}

export const pendingView = (r: ApprovalRequestLine): PendingApproval => ({
  approval_id: r.approval_id,
  run: r.run,
  tool: r.tool,
  input: r.input,
  requested_at: r.requested_at,
  ...(r.expires_at !== undefined && { expires_at: r.expires_at }),
});
