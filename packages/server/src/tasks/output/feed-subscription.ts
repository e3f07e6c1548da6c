/**
 * One client's view of a task's feed, delivered at the client's pace. What it holds in memory
 * is bounded whatever the client does:
 * - the log it has not seen yet is read from disk one chunk at a time, each line only after
 *   the previous one was accepted (a 30 MB log costs a 64 KiB chunk, not 30 MB);
 * - once caught up it gets live lines from the shared follower through a queue capped at
 *   `queueBytes`; a client that falls further behind leaves the live lines and reads from
 *   disk again, at its pace, until it has caught up (a burst of output never drops a client
 *   that keeps reading);
 * - a client that accepts nothing for `stallMs` while an event waits is dropped (`too_slow`);
 *   it may resume with Last-Event-ID.
 */
import type { EventLimits } from "../../config.js";
import { isFinishedTask, type TaskRecord, type TaskStatus } from "../task-model.js";
import type { TaskService } from "../task-service.js";
import type { ExitMarkers } from "./exit-markers.js";
import { type LogFollow, type LogFollowers, type LogLine, readLinesPaced } from "./log-follower.js";

export type FeedItem =
  | { type: "line"; line: LogLine }
  /** A run's real exit marker line (a line a tool wrote that only looks like one stays a `line`). */
  | { type: "exit"; line: LogLine; exit_code: number }
  | { type: "status"; task: TaskRecord }
  | { type: "end"; status: TaskStatus };

/** How a feed ended: the task finished (`end` sent), the client left, or it was dropped for being too slow. */
export type FeedEnd = "finished" | "left" | "too_slow";

/** Status events go out when the status or a run's state changes, not on every record update. */
const statusKey = (t: TaskRecord) => `${t.status}|${t.runs.map((r) => r.state).join(",")}`;

export interface SubscriptionSource {
  tasks: Pick<TaskService, "get" | "onChange" | "stopped">;
  followers: LogFollowers;
  limits: Pick<EventLimits, "queueBytes" | "stallMs">;
  exits: Pick<ExitMarkers, "exitCodeOf">;
}

export class FeedSubscription {
  private readonly queue: { item: FeedItem; bytes: number }[] = [];
  private queuedBytes = 0;
  /** Lines up to this position were delivered or queued. */
  private reached: number;
  private lastStatus = "";
  /** The task's record once it is finished; its status goes out after the last lines. */
  private finished: TaskRecord | undefined;
  /** The task's record as last seen (which run a line belongs to). */
  private latest: TaskRecord | undefined;
  private ended: FeedEnd | undefined;
  /** Set when the live queue would overflow: the client catches up from disk again. */
  private behind = false;
  private follow: LogFollow | undefined;
  private wake: () => void = () => {};
  /** Gives up the delivery in progress. */
  private giveUp: () => void = () => {};

  constructor(
    private readonly source: SubscriptionSource,
    private readonly id: string,
    private readonly log: string,
    from: number,
    private readonly deliver: (item: FeedItem) => Promise<void>,
  ) {
    this.reached = from;
  }

  /** Delivers the feed until the task is finished, `signal` aborts (the client left) or the client is dropped. */
  async run(signal: AbortSignal): Promise<FeedEnd> {
    // Listen before the first await: a client that leaves at any point ends the feed.
    if (signal.aborted) return "left";
    const onAbort = () => this.end("left");
    signal.addEventListener("abort", onAbort, { once: true });
    const unsubscribe = this.source.tasks.onChange((t) => {
      if (t.task_id === this.id) this.onTask(t);
    });
    try {
      // The status goes first on connect, even for a task that is finished already.
      const current = await this.source.tasks.get(this.id);
      // A change that arrived meanwhile is newer than what get answered.
      this.latest ??= current;
      this.sendStatus(current);
      if (!(await this.sendQueued())) return this.outcome();
      const follow = this.source.followers.follow(this.log);
      this.follow = follow;
      if (!(await this.catchUp(follow))) return this.outcome();
      let flushed = false;
      for (;;) {
        if (!(await this.sendQueued())) return this.outcome();
        if (this.behind) {
          this.behind = false;
          if (!(await this.catchUp(follow))) return this.outcome();
          continue;
        }
        if (this.finished !== undefined) {
          if (!flushed) {
            // Everything the last run wrote is on disk before its exit is recorded, and a killed
            // run's once its kill has stopped it: read it all first.
            await this.source.tasks.stopped(this.id);
            await follow.flush();
            flushed = true;
            continue;
          }
          this.sendStatus(this.finished);
          if (!(await this.sendQueued())) return this.outcome();
          await this.send({ type: "end", status: this.finished.status });
          return "finished";
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (this.queue.length || this.behind || this.finished !== undefined || this.ended) resolve();
        });
        if (this.ended) return this.outcome();
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      unsubscribe();
      this.follow?.close();
      this.end("left");
    }
  }

  private outcome(): FeedEnd {
    return this.ended ?? "left";
  }

  private end(how: FeedEnd): void {
    this.ended ??= how;
    this.giveUp();
    this.wake();
  }

  private onTask(task: TaskRecord): void {
    this.latest = task;
    if (this.finished !== undefined) return;
    if (!isFinishedTask(task.status)) {
      this.sendStatus(task);
      return;
    }
    this.finished = task;
    this.wake();
  }

  private sendStatus(task: TaskRecord): void {
    const key = statusKey(task);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.enqueue({ type: "status", task }, 0);
    if (isFinishedTask(task.status)) this.finished ??= task;
  }

  private enqueue(item: FeedItem, bytes: number): void {
    this.queue.push({ item, bytes });
    this.queuedBytes += bytes;
    this.wake();
  }

  private readonly onLines = (lines: LogLine[]) => {
    if (this.behind) return;
    for (const line of lines) {
      if (line.end <= this.reached) continue;
      if (this.queuedBytes + line.text.length > this.source.limits.queueBytes) {
        // Too far behind to keep in memory: the rest is on disk, read it from there.
        this.behind = true;
        this.follow?.leave(this.onLines);
        this.wake();
        return;
      }
      this.reached = line.end;
      this.enqueue({ type: "line", line }, line.text.length);
    }
  };

  /** Reads what the client has not seen from disk at its pace, until it can join the live lines. */
  private async catchUp(follow: LogFollow): Promise<boolean> {
    for (;;) {
      if (this.ended) return false;
      const target = await follow.joinAt(this.reached, this.onLines);
      if (target === undefined) return true;
      this.reached = await readLinesPaced(this.log, this.reached, target, async (line) => {
        // Status changes that came meanwhile go out between lines, in order.
        if (!(await this.sendQueued())) return false;
        return this.send({ type: "line", line });
      });
    }
  }

  private async sendQueued(): Promise<boolean> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.queuedBytes -= next.bytes;
      if (!(await this.send(next.item))) return false;
    }
    return !this.ended;
  }

  /** A line, or the run's exit when the line is its real exit marker. */
  private async exitOrLine(line: LogLine): Promise<FeedItem> {
    const code = this.latest && (await this.source.exits.exitCodeOf(this.latest, line));
    return code === undefined ? { type: "line", line } : { type: "exit", line, exit_code: code };
  }

  /** One delivery, given up when the client leaves or accepts nothing for stallMs. */
  private async send(given: FeedItem): Promise<boolean> {
    if (this.ended) return false;
    const item = given.type === "line" ? await this.exitOrLine(given.line) : given;
    if (this.ended) return false;
    let timer: NodeJS.Timeout | undefined;
    // A promise per delivery (not one per feed): racing a long-lived promise would pile up a
    // reaction on it for every line.
    const gaveUp = new Promise<false>((resolve) => {
      this.giveUp = () => resolve(false);
      timer = setTimeout(() => this.end("too_slow"), this.source.limits.stallMs);
    });
    try {
      const sent = await Promise.race([this.deliver(item).then(() => true as const), gaveUp]);
      return sent && !this.ended;
    } finally {
      clearTimeout(timer);
      this.giveUp = () => {};
    }
  }
}
