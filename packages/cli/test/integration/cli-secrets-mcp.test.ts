/**
 * `run --secret NAME --mcp NAME` as a subprocess against the REAL server (real tmux, real
 * claude, scripted model): the task gets them, `show` lists them with each MCP server's status,
 * the transcript (`logs`) shows the secret's name instead of its value, and bad names are
 * refused in one line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinaryResult, runBinary } from "../support/run-binary.js";

const TOKEN = "ghp_cli_secret_value_9876";
let server: TestServer;
let env: Record<string, string>;
let dir: string;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-secrets-"));
  const secrets = path.join(dir, "secrets");
  mkdirSync(secrets);
  writeFileSync(path.join(secrets, "GITHUB_TOKEN"), TOKEN);
  // A catalog server that is no MCP server at all: claude reports it failed.
  const catalog = path.join(dir, "mcp.json");
  writeFileSync(catalog, JSON.stringify({ mcpServers: { broken: { command: path.join(dir, "missing") } } }));
  server = await startTestServer({ env: { SECRETS_DIR: secrets, MCP_SERVERS_FILE: catalog } });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token, NO_COLOR: "1" };
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function expectOk(result: BinaryResult, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("secrets and MCP servers from the CLI", () => {
  it("run --secret --mcp, show, and a transcript without the value", async () => {
    const run = await cli(
      "run",
      "--wait",
      "--json",
      "--secret",
      "GITHUB_TOKEN",
      "--mcp",
      "broken",
      "@bash printenv GITHUB_TOKEN\n@reply ok",
    );
    expectOk(run);
    const task = JSON.parse(run.stdout) as { task_id: string; secrets: string[]; mcp_servers: unknown };
    expect(task.secrets).toEqual(["GITHUB_TOKEN"]);
    expect(task.mcp_servers).toEqual([{ name: "broken", status: "failed" }]);
    const show = await cli("show", task.task_id);
    expectOk(show);
    expect(show.stdout).toMatch(/Secrets\s+GITHUB_TOKEN/);
    expect(show.stdout).toMatch(/MCP\s+broken failed/);
    const logs = await cli("logs", task.task_id);
    expectOk(logs);
    expect(logs.stdout).toContain("[secret:GITHUB_TOKEN]");
    expect(logs.stdout + (await cli("logs", "--raw", task.task_id)).stdout).not.toContain(TOKEN);
  });

  it("refuses a malformed name locally and an unknown one with the server's reason", async () => {
    const bad = await cli("run", "--secret", "not-a-name", "hi");
    expect(bad.code).toBe(2);
    // The CLI's usage errors: the reason on one line, then the pointer to --help.
    expect(bad.stderr.split("\n")[0]).toMatch(/--secret.*not-a-name.*expected a secret's name/);
    const unknown = await cli("run", "--workdir", server.workdirRoot, "--mcp", "nowhere", "hi");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe(
      "error: rejected by the server: unknown MCP server nowhere: not in the server's MCP_SERVERS_FILE\n",
    );
  });
});
