/**
 * `claude-tasks doctor` against the REAL server: all green on a good one; on a server whose tasks
 * would fail (no credential, and as root without IS_SANDBOX=1) each failing check is one line
 * with what to do, and the exit code is 1; a wrong token and an unreachable URL say so.
 */
import { startTestServer, type TestServer, unusedUrl } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runBinary } from "../support/run-binary.js";

let good: TestServer;
let broken: TestServer;
beforeAll(async () => {
  [good, broken] = await Promise.all([startTestServer(), startTestServer({ env: { IS_SANDBOX: "", ANTHROPIC_API_KEY: "" } })]);
});
afterAll(async () => {
  await Promise.all([good?.stop(), broken?.stop()]);
});

it("passes every check on a ready server, one line each", async () => {
  const result = await runBinary(["doctor"], { CLAUDE_TASKS_URL: good.url, CLAUDE_API_TOKEN: good.token });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines.every((line) => line.startsWith("✓ "))).toBe(true);
  expect(result.stdout).toMatch(/^✓ server +http:\/\/127\.0\.0\.1:\d+ answers \(\d+ ms\)$/m);
  expect(result.stdout).toMatch(/^✓ clock +within \d+ s of the server's$/m);
  expect(result.stdout).toMatch(/^✓ token +accepted \(from CLAUDE_API_TOKEN\)$/m);
  expect(result.stdout).toMatch(/^✓ versions +claude-tasks \d+\.\d+\.\d+ · server API \d+\.\d+\.\d+$/m);
  expect(result.stdout).toMatch(/^✓ server claude +2\.\d+\.\d+ at \//m);
  expect(result.stdout).toMatch(/^✓ server credentials +ANTHROPIC_API_KEY$/m);
});

it("names each failing check with what to do, and exits 1", async () => {
  const result = await runBinary(["doctor"], { CLAUDE_TASKS_URL: broken.url, CLAUDE_API_TOKEN: broken.token });
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/^✗ server credentials +not usable → no credential for claude: set ANTHROPIC_API_KEY/m);
  if (process.getuid?.() === 0)
    expect(result.stdout).toMatch(/^✗ server permission_mode +not usable → claude refuses .* IS_SANDBOX=1/m);
  expect(result.stdout).toMatch(/^✓ token /m);
});

it("says when the token is wrong, and when the server cannot be reached", async () => {
  const wrong = await runBinary(["doctor", "--json"], { CLAUDE_TASKS_URL: good.url, CLAUDE_API_TOKEN: "wrong" });
  expect(wrong.code).toBe(1);
  const report = JSON.parse(wrong.stdout);
  expect(report.ok).toBe(false);
  expect(report.checks.find((check: { name: string }) => check.name === "token")).toMatchObject({
    ok: false,
    detail: expect.stringMatching(/token from CLAUDE_API_TOKEN was rejected/),
    fix: expect.stringMatching(/claude-tasks login/),
  });

  const away = await runBinary(["doctor"], { CLAUDE_TASKS_URL: await unusedUrl(), CLAUDE_API_TOKEN: "x" });
  expect(away.code).toBe(1);
  expect(away.stdout).toMatch(/^✗ server +cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) → start it/m);
});
