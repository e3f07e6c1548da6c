/**
 * The stored record comes from openapi.yaml (task-record.ts). These fixtures are task.json
 * files as the seed server, format 2 and today's server (format 3, every field) wrote them;
 * the expected files hold what the server before that change made of them (the rewritten
 * task.json and the API's JSON, byte for byte), so neither the files nor the wire moved; the
 * rewritten file says format 4 since option sets may be stored apart (without any, nothing else
 * differs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { taskView } from "../../../src/routes/tasks/tasks.views.js";
import { parseTaskFile, serializeTaskFile } from "../../../src/tasks/store/task-file-format.js";
import { type TaskRecord, TaskRecordSchema } from "../../../src/tasks/task-record.js";

const dir = new URL("../../fixtures/task-records/", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir), "utf8");

/** Reads a fixture as the store does: prompts kept in files are read after the record. */
function load(name: string): { task: TaskRecord; promptFiles: number[] } {
  const text = read(`${name}.json`);
  const { task, promptFiles } = parseTaskFile(text, JSON.parse(text).task_id);
  for (const i of promptFiles) (task.runs[i] as { prompt: string }).prompt = `long prompt of run ${i}`;
  if (promptFiles.includes(0)) task.prompt = task.runs[0]?.prompt ?? "";
  if (name === "format-3") task.pending_approvals = [];
  return { task, promptFiles };
}

describe.each(["format-3", "format-2", "seed"])("a task.json of %s", (name) => {
  const expected = JSON.parse(read(`${name}.expected.json`)) as { promptFiles: number[]; file: string; view: string };

  it("is read into a record of the spec's shape", () => {
    const { task, promptFiles } = load(name);
    expect(promptFiles).toEqual(expected.promptFiles);
    expect(TaskRecordSchema.safeParse(task).error).toBeUndefined();
  });

  it("is written back as before, unknown fields kept", () => {
    expect(JSON.parse(serializeTaskFile(load(name).task))).toEqual(JSON.parse(expected.file));
  });

  it("is shown over the API byte for byte as before", () => {
    expect(JSON.stringify(taskView(load(name).task, 2))).toBe(expected.view);
  });
});

describe("a field of the record", () => {
  it("that a version cannot read is dropped, and the task stays readable", () => {
    const file = JSON.parse(read("format-3.json"));
    const { task } = parseTaskFile(JSON.stringify({ ...file, labels: "not labels", killed_at: "yesterday" }), file.task_id);
    expect(task.labels).toBeUndefined();
    expect("killed_at" in task).toBe(false);
    expect(task.worktree?.branch).toBe("claude/1765000000-0a1b2c3d");
  });

  it("that the record requires makes the file invalid when missing", () => {
    const { session_id: _, ...file } = JSON.parse(read("format-3.json"));
    expect(() => parseTaskFile(JSON.stringify(file), file.task_id)).toThrow(/task.json is invalid at session_id/);
  });
});
