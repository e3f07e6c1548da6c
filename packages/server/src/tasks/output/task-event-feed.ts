/**
 * A task's life as an ordered feed for the event stream: every line of output.log, each with
 * its position (the byte offset just after it, valid across server restarts), status changes,
 * and an end once the task is finished. A client resumes exactly after the last position it
 * saw, or starts with the last N lines.
 */
import { AppError } from "../../errors.js";
import type { TaskPaths } from "../store/task-paths.js";
import { isFinishedTask, type TaskRecord, type TaskStatus } from "../task-model.js";
import type { TaskService } from "../task-service.js";
import { isLineBoundary, type LogFollowers, type LogLine } from "./log-follower.js";
import { tailStart } from "./output-log.js";

export type FeedItem =
  | { type: "line"; line: LogLine }
  | { type: "status"; task: TaskRecord }
  | { type: "end"; status: TaskStatus };

export interface FeedStart {
  /** Resume after this position (an id the stream sent). Wins over `tail`. */
  after?: number | undefined;
  /** Start with the last N lines instead of the whole log. */
  tail?: number | undefined;
}

export interface TaskFeed {
  /**
   * Delivers items in order, one delivery at a time, until the task is finished (the last
   * item is `end`) or `stop` settles.
   */
  run(deliver: (item: FeedItem) => Promise<void>, stop: Promise<void>): Promise<void>;
}

/** Status events go out when the status or a run's state changes, not on every record update. */
const statusKey = (t: TaskRecord) => `${t.status}|${t.runs.map((r) => r.state).join(",")}`;

export class TaskEventFeeds {
  constructor(
    private readonly tasks: Pick<TaskService, "get" | "onChange">,
    private readonly paths: TaskPaths,
    private readonly followers: LogFollowers,
  ) {}

  /** Checks the task and the start position before anything is streamed (404, 400). */
  async open(id: string, start: FeedStart): Promise<TaskFeed> {
    await this.tasks.get(id);
    const log = this.paths.outputLog(id);
    // Only an id from the client needs checking; tailStart always lands on a line boundary.
    if (start.after !== undefined && !(await isLineBoundary(log, start.after))) {
      throw new AppError("validation_failed", `No event of this task has id ${start.after}; resume with an id the stream sent`);
    }
    const from = start.after ?? (start.tail === undefined ? 0 : await tailStart(log, start.tail));
    return { run: (deliver, stop) => this.follow(id, log, from, deliver, stop) };
  }

  private async follow(
    id: string,
    log: string,
    from: number,
    deliver: (item: FeedItem) => Promise<void>,
    stop: Promise<void>,
  ): Promise<void> {
    let sent = from;
    let lastStatus = "";
    let ended = false;
    // One chain, so items never interleave or reorder.
    let chain: Promise<void> = Promise.resolve();
    const send = (item: FeedItem) => {
      chain = chain.then(() => (ended ? undefined : deliver(item))).catch(() => {});
      return chain;
    };
    const sendLines = (lines: LogLine[]) => {
      for (const line of lines) {
        if (line.end <= sent) continue;
        sent = line.end;
        void send({ type: "line", line });
      }
    };
    const sendStatus = (t: TaskRecord) => {
      const key = statusKey(t);
      if (key === lastStatus) return;
      lastStatus = key;
      void send({ type: "status", task: t });
    };

    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const subscription = await this.followers.subscribe(log, from, sendLines);
    let ending = false;
    const endIfDone = async (t: TaskRecord) => {
      if (!isFinishedTask(t.status) || ending) return;
      ending = true;
      // Everything the last run wrote is on disk before its exit is recorded: read it all first.
      await subscription.flush();
      await send({ type: "end", status: t.status });
      ended = true;
      finish();
    };
    const unsubscribe = this.tasks.onChange((t) => {
      if (t.task_id !== id) return;
      sendStatus(t);
      void endIfDone(t);
    });
    void stop.then(finish);

    // Read again now that we listen: the task may have finished in between.
    const current = await this.tasks.get(id);
    sendStatus(current);
    void endIfDone(current);
    await finished;
    unsubscribe();
    subscription.close();
    ended = true;
    await chain;
  }
}
