/**
 * Run options in the task store: each distinct large set is stored once (options/{sha256}.json),
 * runs name it, task.json stays small however many runs repeat it, and records of today's
 * format 3 (every run's options inline) still load and are rewritten once.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INLINE_OPTIONS_BYTES } from "../../../src/tasks/store/option-sets.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import type { RunOptions, RunRecord, TaskRecord } from "../../../src/tasks/task-model.js";
import { silentLogger } from "../../../src/util/logger.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-option-sets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FIXTURE = path.join(import.meta.dirname, "../../fixtures/task-files/format-3-run-options.json");

async function openStore(name: string) {
  const paths = new TaskPaths(path.join(root, name));
  const store = new TaskStore(paths, silentLogger);
  await store.load();
  return { store, paths };
}

const task = (id: string): TaskRecord => ({
  task_id: id,
  session_id: "550e8400-e29b-41d4-a716-446655440000",
  prompt: "first",
  workdir: "/tmp",
  status: "completed",
  created_at: 1,
  tmux_session: `claude-${id}`,
  runs: [{ prompt: "first", state: "completed", sent_at: 1 }],
});

const large = (n: number): RunOptions => ({
  append_system_prompt: `set ${n}: ${"be brief. ".repeat(9_000)}`,
  output_schema: { type: "object", description: "x".repeat(50_000) },
});
const queued = (prompt: string, options?: RunOptions): RunRecord => ({
  prompt,
  state: "queued",
  sent_at: 2,
  ...(options && { options }),
});

describe("option sets in the task store", () => {
  it("stores each distinct large set once; task.json only names them; a reload gives every run its options", async () => {
    const { store, paths } = await openStore("dedupe");
    const id = "1700000000-00000001";
    await store.create(task(id));
    // 20 follow-ups with the same large options, then one with others and one with small ones.
    for (let i = 0; i < 20; i++) await store.update(id, (t) => t.runs.push(queued(`again ${i}`, large(1))));
    await store.update(id, (t) => t.runs.push(queued("other", large(2))));
    await store.update(id, (t) => t.runs.push(queued("small", { max_turns: 2 })));

    expect(statSync(paths.taskFile(id)).size).toBeLessThan(8 * 1024);
    expect(readdirSync(path.join(paths.dir(id), "options"))).toHaveLength(2);
    const record = JSON.parse(readFileSync(paths.taskFile(id), "utf8"));
    expect(record.format).toBe(4);
    expect(record.runs[1]).toEqual({
      prompt: "again 0",
      state: "queued",
      sent_at: 2,
      options_ref: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(record.runs[22].options).toEqual({ max_turns: 2 });

    const { store: reloaded } = await openStore("dedupe");
    const runs = reloaded.require(id).runs;
    expect(runs.slice(1, 21).every((r) => JSON.stringify(r.options) === JSON.stringify(large(1)))).toBe(true);
    expect(runs[21]?.options).toEqual(large(2));
    expect(runs[22]?.options).toEqual({ max_turns: 2 });
    expect(runs[0]?.options).toBeUndefined();
    // A change after the reload writes no set again and keeps the names.
    await reloaded.update(id, (t) => t.runs.push(queued("after reload", large(1))));
    expect(readdirSync(path.join(paths.dir(id), "options"))).toHaveLength(2);
    expect(JSON.parse(readFileSync(paths.taskFile(id), "utf8")).runs[23].options_ref).toBe(record.runs[1].options_ref);
  });

  it("loads today's format-3 task.json (options inline in every run) and writes it once as format 4", async () => {
    const { paths } = await openStore("format3");
    const fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
    const id = fixture.task_id as string;
    mkdirSync(paths.dir(id), { recursive: true });
    cpSync(FIXTURE, paths.taskFile(id));
    expect(JSON.stringify(fixture.runs[1].options).length).toBeGreaterThan(INLINE_OPTIONS_BYTES);

    const { store } = await openStore("format3");
    const loaded = store.require(id);
    expect(loaded.options).toEqual(fixture.options);
    expect(loaded.runs.map((r) => r.options)).toEqual(fixture.runs.map((r: RunRecord) => r.options));

    await store.update(id, (t) => t.runs.push(queued("fifth")));
    const record = JSON.parse(readFileSync(paths.taskFile(id), "utf8"));
    expect(record.format).toBe(4);
    expect(record.runs[1].options).toBeUndefined();
    expect(record.runs[2].options_ref).toBe(record.runs[1].options_ref);
    expect(record.runs[0].options).toEqual(fixture.runs[0].options);
    expect(record.runs[3].options).toEqual({ max_turns: 3 });
    expect(readdirSync(path.join(paths.dir(id), "options"))).toHaveLength(1);

    const { store: reloaded } = await openStore("format3");
    expect(reloaded.require(id).runs.map((r) => r.options)).toEqual([
      ...fixture.runs.map((r: RunRecord) => r.options),
      undefined,
    ]);
  });

  it("skips a task whose option set file is gone rather than running it without those options", async () => {
    const { store, paths } = await openStore("missing");
    const id = "1700000000-00000002";
    await store.create(task(id));
    await store.update(id, (t) => t.runs.push(queued("with options", large(3))));
    rmSync(path.join(paths.dir(id), "options"), { recursive: true });
    const { store: reloaded } = await openStore("missing");
    expect(reloaded.get(id)).toBeUndefined();
  });
});
