/**
 * A task's secrets and MCP servers on its page, in a real browser against the real server (real
 * tmux, real claude, scripted model): the secret's name (never its value) and each MCP server's
 * status as claude reported it, a failed server marked as such.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeContexts, sharedChromium, signedInPage } from "./browser.js";

const VALUE = "dashboard-secret-value-31337";
let server: TestServer;
let api: TaskApiClient;
let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dashboard-catalogs-"));
  mkdirSync(path.join(dir, "secrets"));
  writeFileSync(path.join(dir, "secrets", "DEPLOY_KEY"), VALUE);
  writeFileSync(path.join(dir, "mcp.json"), JSON.stringify({ mcpServers: { broken: { command: path.join(dir, "missing") } } }));
  server = await startTestServer({
    env: { SECRETS_DIR: path.join(dir, "secrets"), MCP_SERVERS_FILE: path.join(dir, "mcp.json") },
  });
  api = createClient({ baseUrl: server.url, token: server.token });
  browser = await sharedChromium();
  page = await signedInPage(browser, server.dashboardLink);
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("shows the task's secrets by name and its MCP servers with their status", async () => {
  const task = await api.tasks.create({
    prompt: "@bash printenv DEPLOY_KEY\n@reply done",
    secrets: ["DEPLOY_KEY"],
    mcp_servers: ["broken"],
  });
  await page.goto(`${new URL(server.dashboardLink as string).origin}/claude/#/tasks/${task.task_id}`);
  const catalogs = page.locator(".task-catalogs");
  await catalogs.getByText("DEPLOY_KEY").waitFor();
  const broken = catalogs.locator('[data-mcp-server="broken"] .badge');
  await expect.poll(() => broken.textContent(), { timeout: 30_000 }).toBe("failed");
  expect(await broken.getAttribute("class")).toContain("status-error");
  // The transcript (a folded tool result) shows the name where the run printed the value.
  await page.locator(".transcript").getByText("[secret:DEPLOY_KEY]").first().waitFor({ state: "attached" });
  expect(await page.content()).not.toContain(VALUE);
});
