/**
 * Budgets in a real browser against the real server, real tmux, the real claude CLI and the
 * scripted model: a task stopped by its budget shows spent / limit, "Raise and continue" sets a
 * new limit and sends the follow-up (the conversation completes), and the Usage page draws the
 * day's and the label's spend as SVG bars.
 */
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

let server: TestServer;
let browser: Browser;
let page: Page;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
  browser = await sharedChromium();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  await page.goto(server.dashboardLink as string);
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

describe("budgets on the dashboard", () => {
  it("shows spent / limit and raises the budget and continues", async () => {
    const created = await client.tasks.create({ prompt: "@reply first", max_budget_usd: 0.01, labels: { team: "web" } });
    const stopped = await client.tasks.wait(created.task_id);
    expect(stopped.attention).toBe("budget");
    await page.goto(`${server.url}/claude/#/tasks/${created.task_id}`);
    const budget = page.getByRole("form", { name: "Budget" });
    await expect.poll(() => budget.locator(".budget-spent").textContent()).toContain("/ $0.0100");
    expect(await budget.locator(".budget-spent").textContent()).toContain(`$${stopped.totals.total_cost_usd.toFixed(4)}`);

    await budget.getByLabel("New limit (USD)").fill("5");
    await budget.getByLabel("Continue with").fill("@reply continued in the browser");
    await budget.getByRole("button", { name: "Raise and continue" }).click();
    // The click's PATCH and follow-up first: waiting before they arrive would return the stopped run.
    await expect.poll(async () => (await client.tasks.get(created.task_id)).runs.length).toBe(2);
    const done = await client.tasks.wait(created.task_id);
    expect(done).toMatchObject({ status: "completed", max_budget_usd: 5 });
    expect(done.result?.text).toBe("continued in the browser");
    await expect.poll(() => budget.locator(".budget-spent").textContent()).toContain("/ $5.00");
  });

  it("draws spend per day and per label on the Usage page", async () => {
    await page.goto(`${server.url}/claude/`);
    await page.getByRole("button", { name: "Usage" }).click();
    const today = new Date().toISOString().slice(0, 10);
    const days = page.getByRole("img", { name: "Spend per day" });
    await days.waitFor();
    expect(await days.locator("g[data-key]").count()).toBe(30);
    const todayBar = Number(await days.locator(`g[data-key="${today}"] rect`).getAttribute("width"));
    expect(todayBar).toBeGreaterThan(0);
    await page.getByLabel("Label key").fill("team");
    const labels = page.getByRole("img", { name: "Spend per team" });
    await labels.locator('g[data-key="web"] rect').waitFor();
    expect(Number(await labels.locator('g[data-key="web"] rect').getAttribute("width"))).toBeGreaterThan(0);
  });
});
