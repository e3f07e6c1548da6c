/**
 * The server's side of a run's inbox (runner/protocol/inbox-records.ts): writing a steer or an
 * interrupt beside the run, claiming a message the run can no longer take, and, once the run
 * has ended, settling every message: taken by the run (`live`), or claimed here and, with a
 * prompt, queued as a follow-up. Settling is what makes a message that raced the run's end run
 * exactly once, also after a restart of the server.
 */
import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Steer } from "../../generated/schemas.js";
import {
  type InboxClaim,
  type InboxMessage,
  inboxClaimFile,
  inboxClaimFileName,
  inboxClosedFileName,
  inboxMessageFile,
  inboxMessageFileName,
  parseInboxFileName,
  readInboxClaim,
  readInboxMessage,
} from "../../runner/protocol/inbox-records.js";
import { writeFileAtomic, writeFileExclusive } from "../../util/atomic-write.js";
import type { TaskPaths } from "../store/task-paths.js";
import { nowSeconds, type RunRecord, type TaskRecord } from "../task-model.js";

export type { Steer };

/** One message of an ended run, with who took it. */
export interface SettledMessage extends InboxMessage {
  id: string;
  claim: InboxClaim;
}

export class RunInboxFiles {
  constructor(private readonly paths: TaskPaths) {}

  /** Puts a message in run `run`'s inbox. */
  write(taskId: string, run: number, id: string, message: InboxMessage): Promise<void> {
    return writeFileAtomic(this.file(taskId, inboxMessageFileName(run, id)), inboxMessageFile(message), 0o600);
  }

  /** Whether the run's wrapper has stopped reading its inbox (it then takes nothing more by itself). */
  closed(taskId: string, run: number): Promise<boolean> {
    return access(this.file(taskId, inboxClosedFileName(run))).then(
      () => true,
      () => false,
    );
  }

  /** Claims a message for the server; false when the run took it first. */
  claim(taskId: string, run: number, id: string): Promise<boolean> {
    const claim = inboxClaimFile({ by: "server", at: nowSeconds() });
    return writeFileExclusive(this.file(taskId, inboxClaimFileName(run, id)), claim, 0o600);
  }

  /**
   * Every message of run `run`, oldest first, claiming for the server those the run did not take.
   * Only for a run whose wrapper has ended (nobody else claims then). A file that cannot be read
   * (another version's) is claimed too and carried as a steer without a prompt: nothing runs twice.
   */
  async settle(taskId: string, run: number): Promise<SettledMessage[]> {
    const names = await readdir(this.paths.runsDir(taskId)).catch(() => [] as string[]);
    const ids = names.flatMap((name) => {
      const file = parseInboxFileName(name);
      return file && file.run === run && !file.claim ? [file.id] : [];
    });
    const settled: SettledMessage[] = [];
    for (const id of ids) {
      const text = await readFile(this.file(taskId, inboxMessageFileName(run, id)), "utf8").catch(() => "");
      const read = readInboxMessage(text);
      const message: InboxMessage = read.ok ? read.value : { kind: "steer", sent_at: nowSeconds() };
      await this.claim(taskId, run, id);
      settled.push({ ...message, id, claim: await this.readClaim(taskId, run, id) });
    }
    return settled.sort((a, b) => a.sent_at - b.sent_at || a.id.localeCompare(b.id));
  }

  private async readClaim(taskId: string, run: number, id: string): Promise<InboxClaim> {
    const text = await readFile(this.file(taskId, inboxClaimFileName(run, id)), "utf8").catch(() => "");
    const read = readInboxClaim(text);
    // A claim that cannot be read was not this server's: the run took it.
    return read.ok ? read.value : { by: "run", at: nowSeconds() };
  }

  private file(taskId: string, name: string): string {
    return path.join(this.paths.runsDir(taskId), name);
  }
}

/**
 * Records the settled messages of run `index` on the task (its `steers`), and queues each
 * message the run did not take that has a prompt as a follow-up, unless that was done already
 * (a steer that was queued at once, or a settle repeated after a crash). When the task was
 * `killed`, nothing more runs: a message the run did not take is recorded as dropped instead.
 * Caller holds the lock.
 */
export function applySettledInbox(
  task: TaskRecord,
  index: number,
  messages: readonly SettledMessage[],
  { killed = false } = {},
): void {
  const run = task.runs[index] as RunRecord;
  const known = new Map((run.steers ?? []).map((s) => [s.steer_id, s]));
  const steers: Steer[] = [];
  for (const message of messages) {
    const before = known.get(message.id);
    const steer: Steer = {
      steer_id: message.id,
      kind: message.kind,
      ...(message.prompt !== undefined && { prompt: message.prompt }),
      sent_at: message.sent_at,
      delivered: message.claim.by === "run" ? "live" : "queued",
      ...(message.claim.by === "run" && { taken_at: message.claim.at }),
      ...(before?.followup_run !== undefined && { followup_run: before.followup_run }),
    };
    if (killed && steer.delivered === "queued" && steer.followup_run === undefined) {
      steer.delivered = "live";
      steer.dropped_at = message.claim.at;
    } else if (steer.delivered === "queued" && message.prompt !== undefined && steer.followup_run === undefined) {
      steer.followup_run = task.runs.length;
      task.runs.push({ prompt: message.prompt, state: "queued", sent_at: nowSeconds() });
    }
    steers.push(steer);
  }
  if (steers.length > 0) run.steers = steers;
}
