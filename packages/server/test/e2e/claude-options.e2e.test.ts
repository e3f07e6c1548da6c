/**
 * The CLI's newer options with the real claude CLI: `dontAsk` denies a tool use nothing
 * pre-allowed, `add_dirs` lets claude work in another directory inside WORKDIR_ROOT (and is
 * checked again at every launch), `effort` and `fallback_model` reach claude, and invalid values
 * are 400s naming the field.
 */
import { existsSync, mkdirSync, renameSync, symlinkSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, it } from "vitest";
import { api, events } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;
/** A finished task, written before the server starts: refusing a follow-up's options needs no run. */
let finished: string;

beforeAll(async () => {
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply base" }] });
  [finished] = server.seeded as [string];
  t = api(server);
});
afterAll(() => server?.stop());

/** A fresh directory under WORKDIR_ROOT. */
function dirUnderRoot(name: string): string {
  const dir = path.join(server.workdirRoot, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const resultEvent = async (id: string) =>
  events((await t.output(id)).text)
    .filter((e) => e.type === "result")
    .pop();

describe.concurrent("claude's newer options", () => {
  it("dontAsk denies a Write that nothing pre-allowed, without asking", async ({ expect }) => {
    const workdir = dirUnderRoot("dont-ask");
    const created = await t.create({ prompt: "@write denied.txt should not exist", workdir, permission_mode: "dontAsk" });
    expect(created.status).toBe(201);
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("completed");
    expect(existsSync(path.join(workdir, "denied.txt"))).toBe(false);
    const result = await resultEvent(created.json.task_id);
    expect(result?.permission_denials).toEqual([expect.objectContaining({ tool_name: "Write" })]);
    const init = events((await t.output(created.json.task_id)).text).find((e) => e.type === "system");
    expect(init?.permissionMode).toBe("dontAsk");
  });

  it("add_dirs lets an acceptEdits run write in another directory under WORKDIR_ROOT, and only there", async ({ expect }) => {
    const workdir = dirUnderRoot("add-dirs-work");
    const extra = dirUnderRoot("add-dirs-extra");
    const target = path.join(extra, "written.txt");
    const write = `@write ${target} via add_dirs`;
    const without = await t.create({ prompt: write, workdir, permission_mode: "acceptEdits" });
    await t.finished(without.json.task_id);
    expect(existsSync(target)).toBe(false);

    const created = await t.create({ prompt: write, workdir, permission_mode: "acceptEdits", add_dirs: ["add-dirs-extra"] });
    expect(created.status).toBe(201);
    // Stored resolved, as the workdir is.
    expect(created.json.options.add_dirs).toEqual([extra]);
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("completed");
    expect(existsSync(target)).toBe(true);

    // Replaced by a link that leads out of WORKDIR_ROOT: the next run does not start.
    renameSync(extra, `${extra}-moved`);
    symlinkSync(server.home, extra);
    expect((await t.message(created.json.task_id, "@reply after the swap")).status).toBe(200);
    const refused = await t.finished(created.json.task_id);
    expect(refused.runs[1].state).toBe("error");
    expect(refused.runs[1].error).toMatch(/^Not started: add_dirs\[0\] must be inside /);
    expect(server.model.requests.some((r) => r.prompt === "@reply after the swap")).toBe(false);
  });

  it("passes effort to claude (and a fallback_model it accepts)", async ({ expect }) => {
    const created = await t.create({ prompt: "@reply with effort", effort: "high", fallback_model: "claude-haiku-4-5" });
    expect(created.status).toBe(201);
    expect(created.json.options).toMatchObject({ effort: "high", fallback_model: "claude-haiku-4-5" });
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("completed");
    expect(done.result.text).toBe("with effort");
    // claude 2.1.328 sends the effort to the model as `output_config.effort`.
    const request = server.model.requests.find((r) => r.kind === "conversation" && r.prompt === "@reply with effort");
    const body = request?.body as { output_config?: { effort?: string } } | undefined;
    expect(body?.output_config?.effort).toBe("high");
  });

  it("refuses invalid values with a 400 naming the field", async ({ expect }) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ effort: "extreme" }, "effort"],
      [{ fallback_model: "-rf" }, "fallback_model"],
      [{ add_dirs: ["../outside"] }, "add_dirs[0]"],
      [{ add_dirs: ["does-not-exist"] }, "add_dirs[0]"],
      [{ add_dirs: "one" }, "add_dirs"],
      [{ permission_mode: "yolo" }, "permission_mode"],
      [{ permission_mode: "dontAsk", approvals: true }, "approvals"],
      [{ permission_mode: "auto", approvals: true }, "approvals"],
    ];
    for (const [options, field] of cases) {
      const res = await t.create({ prompt: "@reply never", ...options });
      expect(res.status, JSON.stringify(options)).toBe(400);
      expect(res.json.error, JSON.stringify(options)).toContain(field);
    }
    const followup = await t.call("POST", `/api/claude/tasks/${finished}/message`, {
      body: { prompt: "@reply never", add_dirs: ["/"] },
    });
    expect(followup.status).toBe(400);
    expect(followup.json.error).toContain("add_dirs[0]");
  });
});
