/**
 * Steering and interrupting from the dashboard, in a real browser against the real server, real
 * tmux, the real claude CLI and the scripted model: a running task's message box sends into the
 * run ("Send now") or queues a follow-up ("After this run"), and Interrupt stops the turn.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium, signedInPage } from "./browser.js";

let server: TestServer;
let api: TaskApiClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  api = createClient({ baseUrl: server.url, token: server.token });
  browser = await sharedChromium();
  page = await signedInPage(browser, server.dashboardLink);
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

const heldTurn = (name: string, reply: string) =>
  `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.05; done\n@reply ${reply}`;
const started = (name: string) =>
  waitFor(`turn ${name} to start`, async () => existsSync(path.join(server.workdirRoot, `${name}.started`)) || undefined);
const open = (name: string) => writeFileSync(path.join(server.workdirRoot, `${name}.gate`), "");
const status = () => page.locator(".task-head .badge[class*='status-']");

describe("steer and interrupt in the dashboard", () => {
  it("sends a message into the run now, and another after it", async () => {
    const task = await api.tasks.create({ prompt: heldTurn("ui-steer", "first from the held turn") });
    await page.goto(`${server.url}/claude/#/tasks/${task.task_id}`);
    await started("ui-steer");
    await page.getByLabel("Message").fill("@reply steered from the dashboard");
    await page.getByRole("button", { name: "Send now" }).click();
    await page.getByText("Sent into the run in progress.").waitFor();
    await page.getByLabel("Message").fill("@reply queued from the dashboard");
    await page.getByRole("button", { name: "After this run" }).click();
    await page.getByText("Queued: it runs after this run.").waitFor();
    open("ui-steer");

    const done = await api.tasks.wait(task.task_id);
    expect(done.status).toBe("completed");
    expect(done.runs).toHaveLength(2);
    expect(done.runs[0]?.steers?.[0]).toMatchObject({ prompt: "@reply steered from the dashboard", delivered: "live" });
    expect(done.runs[1]?.prompt).toBe("@reply queued from the dashboard");
    expect(done.result?.text).toBe("queued from the dashboard");
    // Where Claude took it, the transcript shows the message sent.
    await page.locator(".transcript .steer-line", { hasText: "You: @reply steered from the dashboard" }).waitFor();
    // Finished: the follow-up form is back, the message box and Interrupt are gone.
    await page.getByLabel("Follow-up").waitFor();
    expect(await page.getByRole("button", { name: "Interrupt" }).count()).toBe(0);
  });

  it("interrupts the current turn beside Kill: the task ends killed (interrupted), not killed by a signal", async () => {
    const task = await api.tasks.create({ prompt: heldTurn("ui-int", "never said") });
    await page.goto(`${server.url}/claude/#/tasks/${task.task_id}`);
    await started("ui-int");
    const interrupt = page.getByRole("button", { name: "Interrupt" });
    await interrupt.waitFor();
    // It sits beside Kill.
    expect(await page.locator(".task-head .actions button").allTextContents()).toEqual(["Interrupt", "Kill"]);
    await interrupt.click();
    await expect.poll(() => status().textContent(), { timeout: 10_000 }).toBe("killed");
    const done = await api.tasks.get(task.task_id);
    expect(done).toMatchObject({ status: "killed", error_kind: "interrupted" });
    expect(done.runs[0]?.state).toBe("interrupted");
  });
});
