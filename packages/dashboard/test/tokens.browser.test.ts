/**
 * Named tokens on the dashboard in a real browser against the real server: create one (its value
 * shown once, copied with the button, and it works on /api/claude), see it listed without its
 * value, revoke it (refused at once). A hostile name stays text.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const HOSTILE = 'ci <img src=x onerror="window.pwned=1">';

beforeAll(async () => {
  server = await startTestServer();
  browser = await sharedChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  page = await context.newPage();
  await page.goto(server.dashboardLink as string);
  await page.getByRole("button", { name: "Token", exact: true }).click();
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

const listTasks = (token: string) =>
  fetch(`${server.url}/api/claude/tasks`, { headers: { authorization: `Bearer ${token}` } }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { code?: string },
  }));

describe("the Tokens page", () => {
  it("creates a token shown once with a copy button, lists it, and revokes it", async () => {
    await page.getByRole("textbox", { name: "Name" }).fill(HOSTILE);
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("created-token");
    await shown.waitFor();
    const value = (await shown.textContent()) as string;
    expect(value).toMatch(/^ctn_/);
    await page.getByRole("button", { name: "Copy token" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    expect((await listTasks(value)).status).toBe(200);

    const row = page.locator(".named-token", { hasText: "tasks:read" });
    await row.waitFor();
    expect(await row.locator("strong").textContent()).toBe(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.getByRole("button", { name: "Done" }).click();
    await shown.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(value);

    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Revoke now" }).click();
    await row.locator(".badge", { hasText: "revoked" }).waitFor();
    expect((await listTasks(value)).body.code).toBe("token_revoked");
  });
});
