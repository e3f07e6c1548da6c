/**
 * Finding tasks and being told (issue 23), in Debian's Chromium against the real server: search,
 * status and label chips and paging among 10,000 tasks (seeded on disk in the store's own
 * format), the filter kept in the URL across reload and back; the tab title and favicon counting
 * a real approval from the real claude CLI with the scripted model, and a notification for it;
 * at phone width the waiting task above the form; a `claude-tasks ui` session without the token
 * actions; a reused sign-in link's page. Latencies are printed, not asserted.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { type SeedTask, startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

const COUNT = 10_000;
const BASE = Math.floor(Date.now() / 1000) - 3 * 86400;
const imagesDir = fileURLToPath(new URL("../../../docs/images/", import.meta.url));
const screenshot = async (name: string) => {
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: path.join(imagesDir, name) });
};

let server: TestServer;
let api: TaskApiClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ids: string[];
const timings: string[] = [];

/** Task i: every 10th is about a deploy, every 3rd failed, team a/b alternating. */
const seed = (i: number): SeedTask => ({
  createdAt: BASE + i,
  n: i,
  prompt: i % 10 === 0 ? `Deploy release ${i} to staging` : `Tidy module ${i}`,
  status: i % 3 === 0 ? "error" : "completed",
  labels: { team: i % 2 ? "a" : "b" },
  costUsd: (i % 100) / 100,
});

beforeAll(async () => {
  server = await startTestServer({ seed: Array.from({ length: COUNT }, (_, i) => seed(i)) });
  ids = server.seeded;
  api = createClient({ baseUrl: server.url, token: server.token });
  browser = await sharedChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  // Records each notification the page shows (the real one is shown too).
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(`${title}: ${options?.body ?? ""}`);
      }
    } as typeof Notification;
  });
  page = await context.newPage();
  await page.goto(server.dashboardLink as string);
  await page.getByRole("heading", { name: "Start a task" }).waitFor();
}, 120_000);
afterAll(async () => {
  process.stdout.write(`dashboard at ${COUNT} tasks:\n  ${timings.join("\n  ")}\n`);
  await closeContexts(browser);
  await server?.stop();
});

const rows = () => page.locator(".task-list li[data-task-id]");
const rowIds = () => rows().evaluateAll((els) => els.map((e) => e.getAttribute("data-task-id")));
const query = () => new URL(page.url()).hash;
/** Waits until the list shows exactly `expected`, in order. */
const showing = (expected: string[]) =>
  page.waitForFunction(
    (want) =>
      JSON.stringify(
        Array.from(document.querySelectorAll(".task-list li[data-task-id]"), (e) => e.getAttribute("data-task-id")),
      ) === want,
    JSON.stringify(expected),
    { polling: "raf" },
  );
/** Runs `action`, waits until the list shows `expected`, and records how long that took. */
async function timed(what: string, expected: string[], action: () => Promise<unknown>) {
  const start = performance.now();
  await action();
  await showing(expected);
  timings.push(`${what}: ${(performance.now() - start).toFixed(0)} ms`);
}
const newest = (from: number) => ids.slice(from - 50, from).reverse();

describe("finding tasks among 10,000", () => {
  it("shows the newest page first and pages on", async () => {
    await timed("first page (reload)", newest(COUNT), () => page.reload());
    await timed("next page", newest(COUNT - 50), () => page.getByRole("link", { name: "Next page" }).click());
    expect(query()).toMatch(/^#\/tasks\?cursor=/);
    await page.goBack();
    await showing(newest(COUNT));
  });

  it("searches prompt text, filters by a status chip and a label chip, and keeps it all in the URL", async () => {
    const deploys = (pred: (i: number) => boolean) =>
      Array.from({ length: COUNT }, (_, i) => i)
        .filter((i) => i % 10 === 0 && pred(i))
        .map((i) => ids[i] as string)
        .reverse();
    await timed("search 'deploy release'", deploys(() => true).slice(0, 50), () =>
      page.getByLabel("Search tasks").fill("deploy RELEASE"),
    );
    expect(query()).toBe("#/tasks?q=deploy+RELEASE");
    for (const text of await page.locator(".task-list .prompt").allTextContents()) expect(text).toMatch(/^Deploy release/);

    const failed = deploys((i) => i % 3 === 0);
    await timed("status chip 'error'", failed.slice(0, 50), () =>
      page.getByRole("group", { name: "Status" }).getByRole("button", { name: "error" }).click(),
    );
    expect(query()).toBe("#/tasks?q=deploy+RELEASE&status=error");

    // A label on a row is a chip: clicking it filters by it.
    const teamB = deploys((i) => i % 3 === 0 && i % 2 === 0);
    await timed("label chip 'team=b'", teamB.slice(0, 50), () => rows().first().getByRole("button", { name: "team=b" }).click());
    expect(query()).toBe("#/tasks?q=deploy+RELEASE&status=error&label=team%3Ab");
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot("dashboard-find.png");

    // A bookmark: the same URL in a fresh load shows the same view.
    await page.reload();
    await showing(teamB.slice(0, 50));
    expect(await page.getByLabel("Search tasks").inputValue()).toBe("deploy RELEASE");
    // Back undoes the label chip, then the status chip.
    await page.goBack();
    await showing(failed.slice(0, 50));
    await page.goBack();
    await expect.poll(query).toBe("#/tasks?q=deploy+RELEASE");

    // Cost is i % 100 cents: 0.99 first, newest first among equals.
    const byCost = ids
      .filter((_, i) => i % 100 === 99)
      .reverse()
      .slice(0, 50);
    await timed("sort by cost", byCost, async () => {
      await page.getByLabel("Search tasks").fill("");
      await expect.poll(query).toBe("#/");
      await page.getByLabel("Sort").selectOption("cost");
    });
    expect(query()).toBe("#/tasks?sort=cost");
  });

  it("finds a task by its id, leads back to that list from the task, and says when nothing matches", async () => {
    await page.goto(`${server.url}/claude/#/tasks?q=${ids[1234]}`);
    await expect.poll(rowIds).toEqual([ids[1234]]);
    // A task opened from a filtered list leads back to that list.
    await rows().first().locator("a").click();
    await expect.poll(query).toBe(`#/tasks/${ids[1234]}`);
    await page.getByRole("link", { name: "All tasks" }).click();
    await expect.poll(query).toBe(`#/tasks?q=${ids[1234]}`);
    await expect.poll(rowIds).toEqual([ids[1234]]);
    await page.getByLabel("Search tasks").fill("no task says this");
    await page.getByText("No tasks match.").waitFor();
  });
});

describe("being told", () => {
  // (A plain `echo` runs without asking: claude treats it as read-only.)
  it("counts a task waiting for approval in the title and favicon, notifies, and lists it first at phone width", async () => {
    await context.grantPermissions(["notifications"], { origin: server.url });
    await page.goto(`${server.url}/claude/#/`);
    await page.reload();
    await page.getByRole("heading", { name: "Start a task" }).waitFor();
    expect(await page.title()).toBe("Claude tasks");
    // Allowed already (granted above): nothing to ask.
    expect(await page.getByRole("button", { name: "Notify me" }).count()).toBe(0);

    const task = await api.tasks.create({
      prompt: "@bash echo asked > asked.txt\n@reply done",
      permission_mode: "default",
      approvals: true,
    });
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("(1) Claude tasks");
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toMatch(/^data:image\/svg\+xml,/);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications))
      .toContain("Needs your approval: @bash echo asked > asked.txt\n@reply done");

    await page.setViewportSize({ width: 390, height: 844 });
    const waiting = page.getByRole("region", { name: "Waiting for you" });
    await waiting.locator(`li[data-waiting-id="${task.task_id}"]`).waitFor();
    const waitingTop = (await waiting.boundingBox())?.y ?? Number.NaN;
    const formTop = (await page.getByRole("heading", { name: "Start a task" }).boundingBox())?.y ?? Number.NaN;
    expect(waitingTop).toBeLessThan(formTop);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot("dashboard-phone-waiting.png");

    const [pending] = (await api.tasks.get(task.task_id)).pending_approvals ?? [];
    await api.tasks.approve(task.task_id, pending?.approval_id as string);
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("Claude tasks");
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("assets/favicon.svg");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications), {
        timeout: 30_000,
      })
      .toContain("Task finished: @bash echo asked > asked.txt\n@reply done");
    await page.setViewportSize({ width: 1200, height: 860 });
  });
});

describe("every view has its URL; sessions and links", () => {
  it("opens the Token view from its URL, and a `claude-tasks ui` session hides the token actions", async () => {
    await page.goto(`${server.url}/claude/#/token`);
    await page.getByRole("button", { name: "Show token" }).waitFor();
    await page.getByRole("button", { name: "Schedules" }).click();
    await expect.poll(query).toBe("#/schedules");
    await page.goBack();
    await page.getByRole("button", { name: "Show token" }).waitFor();

    const res = await fetch(`${server.url}/api/claude/dashboard/links`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}` },
    });
    const link = `${server.url}${((await res.json()) as { url: string }).url}`;
    const other = await browser.newContext();
    try {
      const tab = await other.newPage();
      await tab.goto(link);
      await tab.getByRole("heading", { name: "Start a task" }).waitFor();
      await tab.getByRole("button", { name: "Token" }).click();
      await tab.getByText("This session was opened with claude-tasks ui").waitFor();
      expect(await tab.getByRole("button", { name: "Show token" }).count()).toBe(0);
      expect(await tab.getByRole("button", { name: "Regenerate token" }).count()).toBe(0);
      // Sign-out is still this session's to use.
      await tab.getByRole("button", { name: "Sign out everywhere" }).waitFor();

      // The link again: a page that says what to do, not JSON.
      const again = await tab.goto(link);
      expect(again?.status()).toBe(401);
      await tab.getByRole("heading", { name: "This sign-in link no longer works" }).waitFor();
      expect(await tab.locator("code").allTextContents()).toContain("claude-tasks ui");
    } finally {
      await other.close();
    }
  });
});
