/** Reading a task's output for requests: the event feed (resume, tail, end) and the detail cache. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogFollowers } from "../../../src/tasks/output/log-follower.js";
import { type FeedItem, TaskEventFeeds } from "../../../src/tasks/output/task-event-feed.js";
import { TaskOutput } from "../../../src/tasks/output/task-output.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import { deriveTaskFields, type TaskRecord } from "../../../src/tasks/task-model.js";
import { silentLogger } from "../../../src/util/logger.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-output-"));
const paths = new TaskPaths(root);
const store = new TaskStore(paths, silentLogger);
const feeds = new TaskEventFeeds(
  { get: async (id) => store.require(id), onChange: (listener) => store.onChange(listener) },
  paths,
  new LogFollowers(),
);
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
  await feed.run(
    async (item) => {
      items.push(item);
      if (item.type === "status") acted ??= onStatus?.();
    },
    new Promise(() => {}),
  );
  await acted;
  return items;
}

const describeItem = (i: FeedItem) =>
  i.type === "line" ? `line ${i.line.text}@${i.line.end}` : i.type === "status" ? `status ${i.task.status}` : `end ${i.status}`;

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
      "line a@2",
      "status running",
      "line b@4",
      "line __CLAUDE_EXIT_CODE_0__@27",
      "status completed",
      "end completed",
    ]);
  });

  it("resumes after a position the stream sent, and starts with the last lines for tail", async () => {
    const t = await task("one\ntwo\nthree\n", "completed");
    expect((await collect(t.task_id, { after: 4 })).map(describeItem)).toEqual([
      "line two@8",
      "line three@14",
      "status completed",
      "end completed",
    ]);
    expect((await collect(t.task_id, { tail: 1 })).map(describeItem)).toEqual([
      "line three@14",
      "status completed",
      "end completed",
    ]);
  });

  it("refuses a resume position inside a line, and an unknown task, before streaming anything", async () => {
    const t = await task("one\ntwo\n", "completed");
    await expect(feeds.open(t.task_id, { after: 2 })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(feeds.open("1700000000-ffffffff", {})).rejects.toMatchObject({ code: "task_not_found" });
  });

  it("stops delivering when its stop promise settles (the client went away)", async () => {
    const t = await task("x\n");
    const items: FeedItem[] = [];
    const feed = await feeds.open(t.task_id, {});
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const done = feed.run(async (item) => {
      items.push(item);
      if (item.type === "status") stop();
    }, stopped);
    await done;
    appendFileSync(paths.outputLog(t.task_id), "late\n");
    expect(items.map(describeItem)).toEqual(["line x@2", "status running"]);
  });
});

describe("TaskOutput", () => {
  const output = new TaskOutput(paths);

  it("renders a finished task's detail once per record, and a running task's every time", async () => {
    const done = await task("l1\nl2\n", "completed");
    const renders: string[] = [];
    const render = (recent: string) => {
      renders.push(recent);
      return JSON.stringify({ recent });
    };
    expect(await output.detail(done, render)).toBe('{"recent":"l1\\nl2\\n"}');
    expect(await output.detail(done, render)).toBe('{"recent":"l1\\nl2\\n"}');
    expect(renders).toHaveLength(1);
    const running = await task("r\n");
    await output.detail(running, render);
    await output.detail(running, render);
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
