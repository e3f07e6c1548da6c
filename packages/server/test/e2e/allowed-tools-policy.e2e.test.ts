/**
 * `allowed_tools` counts as permission policy: a pre-allowed tool runs without the approval
 * the permission mode would ask for (claude 2.1.328 even reads and writes outside the workdir
 * for a pre-allowed Read or Write). On a server whose ALLOWED_PERMISSION_MODES leaves out
 * bypassPermissions, it is refused on create, on a follow-up and at launch, with the real
 * claude CLI showing that nothing ran.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  // One slot, so a task can wait in the queue across a restart.
  server = await startTestServer({ env: { MAX_CONCURRENT_TASKS: "1" } });
  t = api(server);
});
afterAll(() => server?.stop());

const RESTRICTED = { ALLOWED_PERMISSION_MODES: "default,plan", CLAUDE_PERMISSION_MODE: "default" };
const OPEN = { ALLOWED_PERMISSION_MODES: "", CLAUDE_PERMISSION_MODE: "" };
const promptsSeen = () => server.model.requests.map((r) => r.prompt);
const marker = (name: string) => path.join(server.workdirRoot, name);

describe("allowed_tools on a server that leaves out bypassPermissions", () => {
  beforeAll(() => server.restart(RESTRICTED));

  it("refuses a create that pre-allows Bash and Write, naming the tool, and nothing runs", async () => {
    const prompt = "@bash echo ran > bash-ran.txt\n@write write-ran.txt x\n@reply done";
    const res = await t.create({ prompt, permission_mode: "default", allowed_tools: ["Bash", "Write"] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.code).toBe("validation_failed");
    expect(res.json.error).toMatch(/allowed_tools may not pre-allow Bash on this server/);
    expect(res.json.error).toMatch(/ALLOWED_PERMISSION_MODES \(default, plan\)/);
    expect(promptsSeen()).not.toContain(prompt);
    expect(existsSync(marker("bash-ran.txt"))).toBe(false);
    expect(existsSync(marker("write-ran.txt"))).toBe(false);
  });

  it("refuses even a read-only tool (a pre-allowed Read reads outside the workdir without asking)", async () => {
    const res = await t.create({ prompt: "@reply x", allowed_tools: ["Read"] });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/may not pre-allow Read/);
  });

  it("refuses a follow-up that pre-allows a tool; the same follow-up without it runs and is denied Bash", async () => {
    const created = (await t.create({ prompt: "@reply first" })).json;
    expect((await t.finished(created.task_id)).status).toBe("completed");
    const prompt = "@bash echo ran > followup-ran.txt\n@reply second";
    const refused = await t.call("POST", `/api/claude/tasks/${created.task_id}/message`, {
      body: { prompt, allowed_tools: ["Bash(echo:*)"] },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/may not pre-allow Bash\(echo:\*\)/);
    expect(promptsSeen()).not.toContain(prompt);

    // The mode's own asking stays in force: claude denies the command it was not given.
    expect((await t.message(created.task_id, prompt)).status).toBe(200);
    expect((await t.finished(created.task_id)).status).toBe("completed");
    const results = events((await t.output(created.task_id)).text).filter((e) => e.type === "result");
    expect(results[1]?.permission_denials).toEqual([expect.objectContaining({ tool_name: "Bash" })]);
    expect(existsSync(marker("followup-ran.txt"))).toBe(false);
  });

  it("accepts disallowed_tools (they only take permissions away)", async () => {
    const res = await t.create({ prompt: "@reply fine", disallowed_tools: ["Bash"] });
    expect(res.status, res.text).toBe(201);
    expect((await t.finished(res.json.task_id)).status).toBe("completed");
  });
});

describe("at launch, after a restart that leaves out bypassPermissions", () => {
  it("fails a queued run whose stored allowed_tools pre-allow Bash; a follow-up inheriting them is refused", async () => {
    await server.restart(OPEN);
    const holder = (await t.create({ prompt: "@sleep 60000\n@reply held" })).json;
    expect(holder.status).toBe("running");
    const prompt = "@bash echo ran > queued-ran.txt\n@reply queued";
    const queued = (await t.create({ prompt, permission_mode: "default", allowed_tools: ["Bash"] })).json;
    expect(queued.status).toBe("queued");

    await server.restart(RESTRICTED);
    const refused = await t.message(queued.task_id, "@reply follow-up");
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/may not pre-allow Bash/);

    expect((await t.kill(holder.task_id)).status).toBe(200);
    const failed = await t.finished(queued.task_id);
    expect(failed.status).toBe("error");
    expect(failed.error).toMatch(/^Not started: allowed_tools may not pre-allow Bash/);
    expect(promptsSeen()).not.toContain(prompt);
    expect(existsSync(marker("queued-ran.txt"))).toBe(false);
  });
});
