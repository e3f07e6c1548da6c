/**
 * The Schedules page in a real browser against the real server, real tmux, the real claude
 * CLI and the scripted model: the form previews the next five fire times (and names a bad
 * expression), creates a schedule; the list shows its next runs; run now adds a fire whose link
 * opens the task; pause and resume; delete. Hostile text in a prompt stays text.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await sharedChromium();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, timezoneId: "Europe/Berlin" })).newPage();
  await page.goto(server.dashboardLink as string);
  await page.getByRole("button", { name: "Schedules" }).click();
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

/** `UPDATE_SCREENSHOTS=1` writes the README's screenshot of this page. */
const screenshot = async (name: string) => {
  if (process.env.UPDATE_SCREENSHOTS)
    await page.screenshot({ path: path.join(fileURLToPath(new URL("../../../docs/images/", import.meta.url)), name) });
};

const HOSTILE = '@reply nightly <img src=x onerror="window.pwned=1">';

describe("the Schedules page", () => {
  it("previews fire times, names a bad expression, and creates a schedule", async () => {
    await page.getByRole("heading", { name: "New schedule" }).waitFor();
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    await page.getByLabel("Cron").fill("61 * * * *");
    await page
      .locator(".preview .error")
      .filter({ hasText: /minute/ })
      .waitFor();
    await page.getByLabel("Cron").fill("30 2 * * *");
    const previews = page.locator(".preview .next-runs li");
    await previews.nth(4).waitFor();
    expect(await previews.count()).toBe(5);
    for (const text of await previews.allTextContents()) expect(text).toMatch(/2:30:00|02:30:00/);

    await page.getByLabel("Name").fill("nightly summary");
    await page.getByLabel("Prompt").fill(HOSTILE);
    await page.getByRole("button", { name: "Create schedule" }).click();
    const item = page.locator(".schedule", { hasText: "nightly summary" });
    await item.waitFor();
    expect(await item.locator(".next-runs li").count()).toBe(5);
    expect(await item.locator(".prompt").textContent()).toBe(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("runs now, links the fire to its task, pauses, resumes and deletes", async () => {
    const item = page.locator(".schedule", { hasText: "nightly summary" });
    await item.getByRole("button", { name: "Run now" }).click();
    const link = item.locator(".fires a");
    await link.waitFor();
    const taskId = (await link.textContent()) as string;
    expect(taskId).toMatch(/^\d+-[0-9a-f]{8}$/);
    expect(await item.locator(".fire .badge").first().textContent()).toBe("created");
    await page.getByLabel("Cron").fill("0 6 * * 1-5");
    await page.locator(".preview .next-runs li").nth(4).waitFor();
    await screenshot("dashboard-schedules.png");
    await page.getByLabel("Cron").fill("");

    await item.getByRole("button", { name: "Pause" }).click();
    await item.getByText("none while paused").waitFor();
    await item.getByRole("button", { name: "Resume" }).click();
    await item.locator(".next-runs li").nth(4).waitFor();

    await link.click();
    await page.locator(".task-head").waitFor();
    expect(page.url()).toContain(`#/tasks/${taskId}`);

    await page.getByRole("button", { name: "Schedules" }).click();
    const again = page.locator(".schedule", { hasText: "nightly summary" });
    await again.getByRole("button", { name: "Delete" }).click();
    await again.getByRole("button", { name: "Delete schedule" }).click();
    await page.getByText("No schedules yet.").waitFor();
    const res = await fetch(`${server.url}/api/claude/tasks/${taskId}`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(200); // its task stays
  });
});
