/**
 * `schedule create|list|show|pause|resume|run|delete` as a subprocess against the REAL server
 * (real tmux, real claude, scripted model).
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinaryResult, runBinary } from "../support/run-binary.js";

let server: TestServer;
let env: Record<string, string>;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  server = await startTestServer();
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token, NO_COLOR: "1", COLUMNS: "200" };
});
afterAll(() => server?.stop());

function expectOk(result: BinaryResult, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("schedules from the CLI", () => {
  it("create, list, run, show, pause, resume, delete", async () => {
    const created = await cli(
      "schedule",
      "create",
      "--cron",
      "0 6 * * 1-5",
      "--tz",
      "Europe/Berlin",
      "-l",
      "team=ops",
      "@reply morning",
    );
    expectOk(created);
    const id = created.stdout.trim();
    expect(id).toMatch(/^sch-[0-9a-f]{16}$/);
    expect(created.stderr).toMatch(/next run \d{4}-\d\d-\d\dT0[45]:00:00\.000Z/);

    const listed = await cli("schedule", "list");
    expectOk(listed);
    expect(listed.stdout).toMatch(/ID\s+NAME\s+WHEN\s+NEXT RUN\s+LAST OUTCOME/);
    expect(listed.stdout).toMatch(
      new RegExp(`${id}\\s+@reply morning\\s+0 6 \\* \\* 1-5 Europe/Berlin\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:00\\s+-`),
    );

    const ran = await cli("schedule", "run", id);
    expectOk(ran);
    const taskId = ran.stdout.trim();
    expect(taskId).toMatch(/^\d+-[0-9a-f]{8}$/);
    expect(ran.stderr).toContain(`created ${taskId} (run now)`);
    expectOk(await cli("wait", taskId));
    const history = JSON.parse((await cli("list", "--label", `schedule=${id}`, "--json")).stdout);
    expect(history.tasks.map((t: { task_id: string; labels: Record<string, string> }) => [t.task_id, t.labels])).toEqual([
      [taskId, { team: "ops", schedule: id }],
    ]);
    expect((await cli("schedule", "list")).stdout).toContain(`created ${taskId} (run now)`);

    const shown = await cli("schedule", "show", id);
    expectOk(shown);
    expect(shown.stdout).toMatch(/Cron\s+0 6 \* \* 1-5 \(Europe\/Berlin\)/);
    expect(shown.stdout).toMatch(/Next runs\s+(\d{4}-\d\d-\d\d \d\d:00:00(, )?){5}/);
    expect(shown.stdout).toContain(`created ${taskId} (run now)`);

    expectOk(await cli("schedule", "pause", id));
    expect((await cli("schedule", "list")).stdout).toMatch(new RegExp(`${id}.*\\spaused\\s`));
    expect((await cli("schedule", "show", id)).stdout).toMatch(/State\s+paused/);
    expect((await cli("schedule", "resume", id)).stdout.trim()).toBe(`${id} resumed`);
    const json = JSON.parse((await cli("schedule", "show", id, "--json")).stdout);
    expect(json).toMatchObject({ schedule_id: id, enabled: true, timezone: "Europe/Berlin" });

    expect((await cli("schedule", "delete", id)).stdout.trim()).toBe(`${id} deleted`);
    const gone = await cli("schedule", "show", id);
    expect([gone.code, gone.stderr.trim().split("\n").length]).toEqual([4, 1]);
    expect(gone.stderr).toMatch(/Schedule not found/);
  });

  it("a bad expression, zone or id is one line and exit 2", async () => {
    for (const argv of [
      ["schedule", "create", "--cron", "61 * * * *", "x"],
      ["schedule", "create", "--cron", "* * * * *", "--tz", "Mars/Base", "x"],
      ["schedule", "create", "--cron", "* * * * *", "--overlap", "sometimes", "x"],
      ["schedule", "show", "not-a-schedule"],
    ]) {
      const result = await cli(...argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stdout).toBe("");
    }
    const badCron = await cli("schedule", "create", "--cron", "61 * * * *", "x");
    expect(badCron.stderr.trim().split("\n")).toHaveLength(1);
    expect(badCron.stderr).toMatch(/minute/);
    const badZone = await cli("schedule", "create", "--cron", "* * * * *", "--tz", "Mars/Base", "x");
    expect(badZone.stderr).toMatch(/Mars\/Base/);
  });
});
