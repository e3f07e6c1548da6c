/**
 * The wrapper's side of a run's inbox (protocol/inbox-records.ts). claude reads stream-json
 * from stdin; this hands it one user message per turn: the first prompt, then after each
 * `result` the oldest steer waiting in the inbox. Handing steers over only between turns keeps
 * one `result` per message sent (so the wrapper always knows when claude is done) and puts the
 * transcript's `steer` line exactly where Claude takes it. An interrupt is sent at once as a
 * `control_request`; the interrupted turn's `result` then either ends the run (no prompt) or is
 * followed by the interrupt's prompt. With nothing left, the wrapper closes the inbox and ends
 * claude's input, which ends the run.
 */
import { randomBytes } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic, writeFileExclusive } from "../util/atomic-write.js";
import { whileDiskFull } from "./disk-full.js";
import {
  type InboxMessage,
  type InterruptLine,
  inboxClaimFile,
  inboxClaimFileName,
  inboxClosedFileName,
  inboxMessageFileName,
  parseInboxFileName,
  readInboxMessage,
  type SteerLine,
} from "./protocol/inbox-records.js";
import type { RunLog } from "./run-log.js";

/** How often the inbox is read besides the watch (a watch can miss events). */
const POLL_MS = 1000;

const now = () => Date.now() / 1000;

interface Pending extends InboxMessage {
  id: string;
}

export const userMessage = (prompt: string) => ({
  type: "user",
  message: { role: "user", content: prompt },
  parent_tool_use_id: null,
  session_id: "",
});

export class RunInbox {
  /** Whether an interrupt without a prompt ended the run (its exit record says so). */
  interrupted = false;
  private turnOpen = true;
  private closed = false;
  private endAfterTurn = false;
  /** Prompts of interrupts already taken, to send once the interrupted turn has ended. */
  private readonly afterInterrupt: Pending[] = [];
  private readonly controlIds = new Set<string>();
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: { run: number; runsDir: string },
    private readonly log: RunLog,
    /** Sends one stream-json message to claude's stdin. */
    private readonly send: (message: object) => void,
    /** Ends claude's stdin (the run then ends once claude has finished). */
    private readonly endInput: () => void,
  ) {}

  /** Starts watching for interrupts (steers wait for the end of the turn). */
  start(): void {
    const prefix = `${this.config.run}.msg-`;
    try {
      this.watcher = watch(this.config.runsDir, (_event, name) => {
        if (typeof name === "string" && name.startsWith(prefix)) this.lookForInterrupts();
      });
      this.watcher.on("error", () => {});
    } catch {
      // No watch (inotify limits): the poll still finds every message.
    }
    this.poll = setInterval(() => this.lookForInterrupts(), POLL_MS);
  }

  /** Takes a line of claude's stdout: true for the answer to one of our control requests (not output). */
  take(line: string): boolean {
    if (!line.includes('"type":"control_response"')) return false;
    try {
      const message = JSON.parse(line) as { response?: { request_id?: unknown } };
      const id = message.response?.request_id;
      return typeof id === "string" && this.controlIds.delete(id);
    } catch {
      return false;
    }
  }

  /** claude finished a turn (a `result` line): hand it the next message, or end its input. */
  async turnEnded(): Promise<void> {
    this.turnOpen = false;
    await this.looking;
    // An interrupt that came as the turn ended has nothing left to stop, but still counts.
    await this.takeInterrupts(true);
    if (this.endAfterTurn) {
      this.interrupted = true;
      return this.finishInput(false);
    }
    const next = this.afterInterrupt.shift() ?? (await this.claimNext());
    if (next) return this.deliver(next);
    // From here a server that writes a message claims it itself, so look once more. On a full
    // disk the mark cannot be written and claude's input ends without it: a message that comes
    // later is then settled when the run has ended (queued as a follow-up, exactly once).
    const marked = await writeFileAtomic(this.file(inboxClosedFileName(this.config.run)), "", 0o600).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === "ENOSPC" || err.code === "EDQUOT") return false;
        throw err;
      },
    );
    if (!marked) return this.finishInput(true);
    const late = await this.claimNext();
    if (!late) return this.finishInput(true);
    await rm(this.file(inboxClosedFileName(this.config.run)), { force: true });
    return this.deliver(late);
  }

  /** Stops watching; nothing more is taken. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.poll) clearInterval(this.poll);
  }

  private finishInput(markClosed: boolean): Promise<void> {
    this.close();
    this.endInput();
    if (markClosed) return Promise.resolve();
    return whileDiskFull(() => writeFileAtomic(this.file(inboxClosedFileName(this.config.run)), "", 0o600));
  }

  private lookForInterrupts(): void {
    this.looking = this.looking.then(() => this.takeInterrupts()).catch(() => {});
  }

  /** Takes each new interrupt: claude gets a control_request interrupt while a turn is in progress. */
  private async takeInterrupts(betweenTurns = false): Promise<void> {
    if (this.closed || this.turnOpen === betweenTurns) return;
    for (const message of await this.waiting()) {
      if (message.kind !== "interrupt" || !(await this.claim(message.id))) continue;
      const line: InterruptLine = { type: "interrupt", steer_id: message.id, run: this.config.run, requested_at: now() };
      await this.log.appendLine(JSON.stringify(line));
      if (message.prompt !== undefined) this.afterInterrupt.push(message);
      else this.endAfterTurn = true;
      if (betweenTurns) continue;
      const requestId = `interrupt_${randomBytes(6).toString("hex")}`;
      this.controlIds.add(requestId);
      this.send({ type: "control_request", request_id: requestId, request: { subtype: "interrupt" } });
    }
  }

  /** The oldest waiting message with a prompt, now claimed for this run; undefined when none is left. */
  private async claimNext(): Promise<Pending | undefined> {
    for (const message of await this.waiting()) {
      // An interrupt without a prompt that comes once the inbox is closed is the server's.
      if (message.prompt !== undefined && (await this.claim(message.id))) return message;
    }
    return undefined;
  }

  private async deliver(message: Pending): Promise<void> {
    const prompt = message.prompt ?? "";
    const line: SteerLine = {
      type: "steer",
      steer_id: message.id,
      run: this.config.run,
      kind: message.kind,
      prompt,
      taken_at: now(),
    };
    await this.log.appendLine(JSON.stringify(line));
    this.turnOpen = true;
    this.send(userMessage(prompt));
  }

  /** The run's messages nobody took yet, oldest first; a file that cannot be read is left to the server. */
  private async waiting(): Promise<Pending[]> {
    const names = await readdir(this.config.runsDir).catch(() => [] as string[]);
    const taken = new Set<string>();
    const ids: string[] = [];
    for (const name of names) {
      const file = parseInboxFileName(name);
      if (file?.run !== this.config.run) continue;
      if (file.claim) taken.add(file.id);
      else ids.push(file.id);
    }
    const messages: Pending[] = [];
    for (const id of ids.filter((i) => !taken.has(i))) {
      const text = await readFile(this.file(inboxMessageFileName(this.config.run, id)), "utf8").catch(() => undefined);
      const read = text === undefined ? undefined : readInboxMessage(text);
      if (read?.ok) messages.push({ ...read.value, id });
    }
    return messages.sort((a, b) => a.sent_at - b.sent_at || a.id.localeCompare(b.id));
  }

  private claim(id: string): Promise<boolean> {
    const file = this.file(inboxClaimFileName(this.config.run, id));
    return whileDiskFull(() => writeFileExclusive(file, inboxClaimFile({ by: "run", at: now() }), 0o600));
  }

  private file(name: string): string {
    return path.join(this.config.runsDir, name);
  }
}
