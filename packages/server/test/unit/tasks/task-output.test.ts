/** Reading a task's output for requests: the event feed (resume, tail, end) and the detail cache. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LogFollowers, type LogLine } from "../../../src/tasks/output/log-follower.js";
import { type FeedItem, TaskEventFeeds } from "../../../src/tasks/output/task-event-feed.js";
import { TaskOutput } from "../../../src/tasks/output/task-output.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import { deriveTaskFields, type TaskRecord } from "../../../src/tasks/task-model.js";
import { silentLogger } from "../../../src/util/logger.js";

const LIMITS = { maxSubscribers: 4, maxSubscribersPerTask: 2, queueBytes: 64 * 1024, stallMs: 30_000 };
const root = mkdtempSync(path.join(tmpdir(), "cta-output-"));
const paths = new TaskPaths(root);
const store = new TaskStore(paths, silentLogger);
// No kills here: nothing ever waits for one to stop a run.
const feedSource = {
  get: async (id: string) => store.require(id),
  onChange: store.onChange.bind(store),
  stopped: async () => {},
};
const feeds = new TaskEventFeeds(feedSource, paths, new LogFollowers(), LIMITS, 8 * 1024 * 1024);
beforeAll(() => store.load());
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
async function task(log: string, state: "running" | "completed" = "running"): Promise<TaskRecord> {
  const id = `1700000000-${(n++).toString(16).padStart(8, "0")}`;
  const record: TaskRecord = {
    task_id: id,
    session_id: "550e8400-e29b-41d4-a716-446655440000",
    prompt: "p",
    workdir: root,
    status: state,
    created_at: 1,
    tmux_session: `claude-${id}`,
    runs: [{ prompt: "p", state, sent_at: 1, ...(state === "completed" && { exit_code: 0, finished_at: 2 }) }],
  };
  deriveTaskFields(record);
  await store.create(record);
  writeFileSync(paths.outputLog(id), log);
  return record;
}

/** Runs a feed until it ends by itself; what it delivered, in order. `onStatus` runs after the first status. */
async function collect(id: string, start: { after?: number; tail?: number }, onStatus?: () => Promise<void>) {
  const items: FeedItem[] = [];
  const feed = await feeds.open(id, start);
  let acted: Promise<void> | undefined;
  await feed.run(async (item) => {
    items.push(item);
    if (item.type === "status") acted ??= onStatus?.();
  }, new AbortController().signal);
  await acted;
  return items;
}

function describeItem(i: FeedItem): string {
  if (i.type === "line") return `line ${i.line.text}@${i.line.end}`;
  if (i.type === "exit") return `exit ${i.exit_code}@${i.line.end}`;
  return i.type === "status" ? `status ${i.task.status}` : `end ${i.status}`;
}

describe("TaskEventFeeds", () => {
  it("delivers the log, the status, then new lines, and ends once the task is finished with every line read", async () => {
    const t = await task("a\n");
    const items = await collect(t.task_id, {}, async () => {
      appendFileSync(paths.outputLog(t.task_id), "b\n__CLAUDE_EXIT_CODE_0__\n");
      // The exit is recorded right after the last lines are written, before any watch fired.
      await store.update(t.task_id, (r) => {
        Object.assign(r.runs[0] as object, { state: "completed", exit_code: 0, finished_at: 3 });
        deriveTaskFields(r);
      });
    });
    expect(items.map(describeItem)).toEqual([
      "status running",
      "line a@2",
      "line b@4",
      // A run of the seed server's kind (no log_start, no exit records): its marker is its exit.
      "exit 0@27",
      "status completed",
      "end completed",
    ]);
  });

  it("sends an exit only for the marker line the run's records put there, not for a copy a tool appended", async () => {
    const t = await task("");
    await store.update(t.task_id, (r) => Object.assign(r.runs[0] as object, { log_start: 0 }));
    const log = paths.outputLog(t.task_id);
    const items = await collect(t.task_id, {}, async () => {
      appendFileSync(log, "a\n__CLAUDE_EXIT_CODE_0__\n");
      const realEnd = Buffer.byteLength("a\n__CLAUDE_EXIT_CODE_0__\nb\n__CLAUDE_EXIT_CODE_3__\n");
      // The wrapper's order: the notice, the marker line, the exit record, then the server records the exit.
      writeFileSync(paths.runExitMarker(t.task_id, 0), JSON.stringify({ protocol: 1, exit_code: 3, marker_end: realEnd }));
      appendFileSync(log, "b\n__CLAUDE_EXIT_CODE_3__\n");
      writeFileSync(
        paths.runExit(t.task_id, 0),
        JSON.stringify({ protocol: 1, exit_code: 3, finished_at: 3, marker_end: realEnd }),
      );
      await store.update(t.task_id, (r) => {
        Object.assign(r.runs[0] as object, { state: "error", exit_code: 3, finished_at: 3, log_end: realEnd });
        deriveTaskFields(r);
      });
    });
    expect(items.map(describeItem)).toEqual([
      "status running",
      "line a@2",
      "line __CLAUDE_EXIT_CODE_0__@25",
      "line b@27",
      "exit 3@50",
      "status error",
      "end error",
    ]);
    // Read back later from disk (a resume), the same.
    const again = await collect(t.task_id, { after: 2 });
    expect(again.map(describeItem)).toEqual([
      "status error",
      "line __CLAUDE_EXIT_CODE_0__@25",
      "line b@27",
      "exit 3@50",
      "end error",
    ]);
  });

  it("resumes after a position the stream sent, and starts with the last lines for tail", async () => {
    const t = await task("one\ntwo\nthree\n", "completed");
    expect((await collect(t.task_id, { after: 4 })).map(describeItem)).toEqual([
      "status completed",
      "line two@8",
      "line three@14",
      "end completed",
    ]);
    expect((await collect(t.task_id, { tail: 1 })).map(describeItem)).toEqual([
      "status completed",
      "line three@14",
      "end completed",
    ]);
  });

  it("refuses a resume position inside a line, and an unknown task, before streaming anything", async () => {
    const t = await task("one\ntwo\n", "completed");
    await expect(feeds.open(t.task_id, { after: 2 })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(feeds.open("1700000000-ffffffff", {})).rejects.toMatchObject({ code: "task_not_found" });
  });

  it("stops delivering when its signal aborts (the client went away), and gives its place back", async () => {
    const t = await task("x\n");
    const items: FeedItem[] = [];
    const feed = await feeds.open(t.task_id, {});
    const left = new AbortController();
    expect(feeds.subscribers).toBe(1);
    const ended = await feed.run(async (item) => {
      items.push(item);
      if (item.type === "line") left.abort();
    }, left.signal);
    appendFileSync(paths.outputLog(t.task_id), "late\n");
    expect(ended).toBe("left");
    expect(items.map(describeItem)).toEqual(["status running", "line x@2"]);
    expect([feeds.subscribers, feeds.watchedLogs]).toEqual([0, 0]);
  });

  it("starts nothing for a client that left before its feed ran", async () => {
    const t = await task("x\n");
    const feed = await feeds.open(t.task_id, {});
    const left = new AbortController();
    left.abort();
    const items: FeedItem[] = [];
    expect(await feed.run(async (item) => void items.push(item), left.signal)).toBe("left");
    expect(items).toEqual([]);
    expect([feeds.subscribers, feeds.watchedLogs]).toEqual([0, 0]);
  });

  it("refuses clients beyond the caps per task and in all with too_many_subscribers", async () => {
    const [a, b, c] = [await task("a\n"), await task("b\n"), await task("c\n")];
    const open = [await feeds.open(a.task_id, {}), await feeds.open(a.task_id, {})];
    await expect(feeds.open(a.task_id, {})).rejects.toMatchObject({ code: "too_many_subscribers" });
    open.push(await feeds.open(b.task_id, {}), await feeds.open(c.task_id, {}));
    await expect(feeds.open(c.task_id, {})).rejects.toMatchObject({
      code: "too_many_subscribers",
      message: /MAX_EVENT_SUBSCRIBERS\)/,
    });
    // A place given back can be taken again.
    const left = new AbortController();
    left.abort();
    for (const feed of open) await feed.run(async () => {}, left.signal);
    expect(feeds.subscribers).toBe(0);
    await feeds.open(a.task_id, {}).then((f) => f.run(async () => {}, left.signal));
  });

  it("drops a client that accepts nothing for the stall time", async () => {
    const impatient = new TaskEventFeeds(feedSource, paths, new LogFollowers(), { ...LIMITS, stallMs: 200 }, 8 * 1024 * 1024);
    const t = await task("one\n");
    const never = new Promise<void>(() => {});
    expect(await (await impatient.open(t.task_id, {})).run(() => never, new AbortController().signal)).toBe("too_slow");
    expect([impatient.subscribers, impatient.watchedLogs]).toEqual([0, 0]);
  });

  it("sends a client that falls more than queueBytes behind the live lines back to the disk, losing nothing", async () => {
    // Tells when a client joins the live lines (so what follows reaches it through its queue),
    // and when it leaves them for the disk.
    let joined: () => void = () => {};
    let leftLive: () => void = () => {};
    let joins = 0;
    class Observed extends LogFollowers {
      override follow(file: string) {
        const follow = super.follow(file);
        return {
          ...follow,
          joinAt: async (position: number, listener: (lines: LogLine[]) => void) => {
            const target = await follow.joinAt(position, listener);
            if (target === undefined) {
              joins++;
              joined();
            }
            return target;
          },
          leave: (listener: (lines: LogLine[]) => void) => {
            follow.leave(listener);
            leftLive();
          },
        };
      }
    }
    const feeds = new TaskEventFeeds(feedSource, paths, new Observed(), { ...LIMITS, queueBytes: 16 * 1024 }, 8 * 1024 * 1024);
    const t = await task("");
    const live = new Promise<void>((resolve) => {
      joined = resolve;
    });
    const overflowed = new Promise<void>((resolve) => {
      leftLive = resolve;
    });
    const burst = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, "0")}${"z".repeat(997)}`);
    const texts: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const feed = await feeds.open(t.task_id, {});
    const run = feed.run(async (item) => {
      if (item.type !== "line") return;
      texts.push(item.line.text);
      if (texts.length === 1) await held; // the client stalls on the first line while 100 KB arrive
    }, new AbortController().signal);
    await live;
    appendFileSync(paths.outputLog(t.task_id), `${burst.join("\n")}\n`);
    await overflowed;
    release();
    await vi.waitFor(() => expect(texts).toHaveLength(100));
    await store.update(t.task_id, (r) => {
      Object.assign(r.runs[0] as object, { state: "completed", exit_code: 0, finished_at: 3 });
      deriveTaskFields(r);
    });
    expect(await run).toBe("finished");
    expect(texts).toEqual(burst);
    // Joined live, fell behind, read the rest from disk, joined again.
    expect(joins).toBe(2);
  });
});

describe("TaskOutput", () => {
  const output = new TaskOutput(paths, 8 * 1024 * 1024);

  it("renders a finished task's detail once per record, and a running task's once per record and log size", async () => {
    const done = await task("l1\nl2\n", "completed");
    const renders: string[] = [];
    const render = (recent: string) => {
      renders.push(recent);
      return JSON.stringify({ recent });
    };
    expect((await output.detail(done, render)).toString()).toBe('{"recent":"l1\\nl2\\n"}');
    expect((await output.detail(done, render)).toString()).toBe('{"recent":"l1\\nl2\\n"}');
    expect(renders).toHaveLength(1);
    const running = await task("r\n");
    await output.detail(running, render);
    await output.detail(running, render);
    expect(renders).toHaveLength(2);
    // New output: the next read shows it.
    appendFileSync(paths.outputLog(running.task_id), "s\n");
    expect((await output.detail(running, render)).toString()).toBe('{"recent":"r\\ns\\n"}');
    expect(renders).toHaveLength(3);
  });

  it("tails, streams the whole log, and has no stream for a task without a log", async () => {
    const t = await task("1\n2\n3\n");
    expect(await output.tail(t, 2)).toBe("2\n3\n");
    const stream = await output.stream(t);
    let text = "";
    for await (const chunk of stream ?? []) text += chunk;
    expect(text).toBe("1\n2\n3\n");
    const empty = await task("");
    rmSync(paths.outputLog(empty.task_id));
    expect(await output.stream(empty)).toBeUndefined();
  });
});
