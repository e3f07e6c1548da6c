/**
 * CI users call the API with curl and jq. This runs the seed document's "Bash Script Example"
 * (copied verbatim into fixtures/seed-bash-example.sh) against the real server; only its HOST
 * line is pointed at the test server. Needs bash, curl and jq on the machine.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseStreamJson, summarize } from "../../src/index.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

it("the documented curl + jq script creates a task, polls it to the end and prints its output", async () => {
  const script = readFileSync(new URL("../fixtures/seed-bash-example.sh", import.meta.url), "utf8");
  expect(script).toMatch(/^HOST="https:\/\/imran\.dev\.scalebase\.io"$/m);
  const pointed = script.replace(/^HOST=.*$/m, `HOST="${server.url}"`);
  // Async: the scripted model answering claude lives in this process.
  const { stdout } = await promisify(execFile)("bash", ["-c", pointed], {
    env: { PATH: process.env.PATH, CLAUDE_API_TOKEN: server.token },
    encoding: "utf8",
    timeout: 50_000,
  });
  const taskId = /^Task created: (\d+-[0-9a-f]{8})$/m.exec(stdout)?.[1];
  expect(taskId).toBeDefined();
  expect(stdout).toMatch(/^Status: completed$/m);
  const output = stdout.slice(stdout.lastIndexOf("Status: completed") + "Status: completed".length);
  expect(summarize(parseStreamJson(output))).toMatchObject({ exitCode: 0, isError: false, runs: 1 });
});
