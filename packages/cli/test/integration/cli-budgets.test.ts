/**
 * Budgets and usage from the command line against the REAL server (real tmux, real claude,
 * scripted model): `run --budget` stops at the cap, `budget ID USD` raises it and `send`
 * continues; `usage` prints a table and a per-day bar chart, with hostile label values made
 * harmless; bad values are one line and exit 2.
 */
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "../support/run-binary.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  server = await startTestServer({ env: { DAILY_BUDGET_USD: "100" } });
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
});
afterAll(() => server?.stop());

describe("budgets from the command line", () => {
  it("run --budget stops at the cap; budget raises it and send continues", async () => {
    const started = await cli(
      "run",
      "--budget",
      "0.01",
      "--effort",
      "low",
      "--label",
      "team=\x1b]0;pwned\x07",
      "--wait",
      "@reply capped",
    );
    expect(started.code).toBe(10);
    const id = (await client.tasks.list()).tasks[0]?.task_id as string;
    const task = await client.tasks.get(id);
    expect(task).toMatchObject({ max_budget_usd: 0.01, error_kind: "budget", attention: "budget" });
    expect(task.options).toMatchObject({ effort: "low" });

    expect((await cli("list")).stdout).toMatch(new RegExp(`^${id}\\s+error budget spent\\s`, "m"));
    const shown = await cli("show", id);
    expect(shown.stdout).toMatch(/^Budget\s+\$0\.\d+ of \$0\.01$/m);
    expect(shown.stdout).toContain(`claude-tasks budget ${id} <usd> && claude-tasks send ${id}`);
    const raised = await cli("budget", id, "5");
    expect(raised.code).toBe(0);
    expect(raised.stdout).toMatch(new RegExp(`^${id} budget \\$5\\.00 \\(spent \\$0\\.\\d+\\)\\n$`));
    expect(raised.stderr).toContain(`claude-tasks send ${id}`);
    const sent = await cli("send", id, "--wait", "@reply continued");
    expect(sent.code).toBe(0);
    expect((await client.tasks.get(id)).result?.text).toBe("continued");

    const usage = await cli("usage");
    expect(usage.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const spent = (await client.tasks.get(id)).totals.total_cost_usd;
    const cost = `$${spent.toFixed(2)}`;
    expect(usage.stdout).toMatch(new RegExp(`^${today}\\s+\\${cost}\\s+2\\s+1\\s`, "m"));
    // The bar chart: today's bar is the longest, every other day has none.
    expect(usage.stdout).toMatch(new RegExp(`^${today} │█+ \\${cost}$`, "m"));
    expect(usage.stderr).toMatch(/days in UTC; today \$\d+\.\d+ of \$100\.00/);

    const byLabel = await cli("usage", "--by", "label:team");
    expect(byLabel.code).toBe(0);
    expect(byLabel.stdout).not.toContain("\x1b]");
    expect(byLabel.stdout).toContain("^[]0;pwned^G");
  });

  it("refuses bad values with one line and exit code 2", async () => {
    for (const argv of [
      ["run", "--budget", "-1", "x"],
      ["run", "--budget", "lots", "x"],
      ["run", "--effort", "extreme", "x"],
      ["usage", "--from", "yesterday"],
      ["usage", "--by", "week"],
      ["budget", "1707000000-a1b2c3d4", "0"],
    ]) {
      const res = await cli(...argv);
      expect(res.code, argv.join(" ")).toBe(2);
      // One line saying what is wrong (commander adds where to read the usage).
      expect(res.stderr.split("\n")[0], argv.join(" ")).toMatch(/^error: .*(argument|invalid)/);
    }
    // The server's own check of a real date.
    const bad = await cli("usage", "--to", "2026-02-30");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("to: 2026-02-30 is not a date");
  });
});
