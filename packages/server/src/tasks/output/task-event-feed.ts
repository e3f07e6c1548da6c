/**
 * A task's life as an ordered feed for the event stream: every line of output.log, each with
 * its position (the byte offset just after it, valid across server restarts), a run's exit
 * where its real exit marker line is (exit-markers.ts), status changes, and an end once the
 * task is finished. A client resumes exactly after the last position it
 * saw, or starts with the last N lines. How many clients may follow at once is capped (per
 * task and in all), and each one is delivered at its own pace (feed-subscription.ts).
 */
import type { EventLimits } from "../../config.js";
import { AppError } from "../../errors.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskService } from "../task-service.js";
import { ExitMarkers } from "./exit-markers.js";
import { type FeedEnd, type FeedItem, FeedSubscription } from "./feed-subscription.js";
import { isLineBoundary, type LogFollowers } from "./log-follower.js";
import { tailStart } from "./output-log.js";

export type { FeedEnd, FeedItem } from "./feed-subscription.js";

export interface FeedStart {
  /** Resume after this position (an id the stream sent). Wins over `tail`. */
  after?: number | undefined;
  /** Start with the last N lines instead of the whole log. */
  tail?: number | undefined;
}

export interface TaskFeed {
  /**
   * Delivers items in order, each once the previous delivery resolved, until the task is
   * finished (the last item is `end`), `signal` aborts, or the client is dropped for being
   * too slow. Frees the client's place when it returns; call it exactly once.
   */
  run(deliver: (item: FeedItem) => Promise<void>, signal: AbortSignal): Promise<FeedEnd>;
}

export class TaskEventFeeds {
  private readonly perTask = new Map<string, number>();
  private total = 0;
  private readonly exits: ExitMarkers;

  constructor(
    private readonly tasks: Pick<TaskService, "get" | "onChange" | "stopped">,
    private readonly paths: TaskPaths,
    private readonly followers: LogFollowers,
    private readonly limits: EventLimits,
    /** The most `tail` reads back from the end of the log (MAX_TAIL_BYTES). */
    private readonly maxTailBytes: number,
  ) {
    this.exits = new ExitMarkers(paths);
  }

  /** Open feeds (for metrics and tests). */
  get subscribers(): number {
    return this.total;
  }

  /** Files followed for open feeds (for metrics and tests). */
  get watchedLogs(): number {
    return this.followers.size;
  }

  /**
   * Checks the task, the start position and the caps before anything is streamed (404, 400,
   * 503), and takes the client's place, which `run` gives back.
   */
  async open(id: string, start: FeedStart): Promise<TaskFeed> {
    await this.tasks.get(id);
    const log = this.paths.outputLog(id);
    // Only an id from the client needs checking; tailStart always lands on a line boundary.
    if (start.after !== undefined && !(await isLineBoundary(log, start.after))) {
      throw new AppError("validation_failed", `No event of this task has id ${start.after}; resume with an id the stream sent`);
    }
    const from = start.after ?? (start.tail === undefined ? 0 : await tailStart(log, start.tail, this.maxTailBytes));
    // Checked and taken with no await in between, so concurrent opens cannot overshoot.
    this.reserve(id);
    let released = false;
    return {
      run: async (deliver, signal) => {
        try {
          return await new FeedSubscription(
            { tasks: this.tasks, followers: this.followers, limits: this.limits, exits: this.exits },
            id,
            log,
            from,
            deliver,
          ).run(signal);
        } finally {
          if (!released) this.release(id);
          released = true;
        }
      },
    };
  }

  private reserve(id: string): void {
    const forTask = this.perTask.get(id) ?? 0;
    if (this.total >= this.limits.maxSubscribers) {
      throw new AppError(
        "too_many_subscribers",
        `The server already streams events to ${this.total} clients (MAX_EVENT_SUBSCRIBERS); try again later`,
      );
    }
    if (forTask >= this.limits.maxSubscribersPerTask) {
      throw new AppError(
        "too_many_subscribers",
        `This task already streams events to ${forTask} clients (MAX_EVENT_SUBSCRIBERS_PER_TASK); try again later`,
      );
    }
    this.perTask.set(id, forTask + 1);
    this.total++;
  }

  private release(id: string): void {
    const forTask = (this.perTask.get(id) ?? 1) - 1;
    if (forTask === 0) this.perTask.delete(id);
    else this.perTask.set(id, forTask);
    this.total--;
  }
}
