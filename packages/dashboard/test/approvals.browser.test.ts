/**
 * Approvals in the dashboard, in a real browser against the real server, real tmux, the real
 * claude CLI and the scripted model: start a task that asks before tools run from the form, see
 * it marked in the list, allow its Write from the keyboard, deny its Bash with a message, and
 * see the file written, the command not run and both answers in the transcript. Also: an answer
 * that comes too late is said inline, a killed task drops its panel, and an approval nobody
 * answers shows as denied by the timeout.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Page, Route } from "playwright-core";
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

const workFile = (name: string) => path.join(server.workdirRoot, name);
const openedTaskId = async () => {
  await page.waitForURL(/#\/tasks\/\d+-[0-9a-f]{8}$/);
  return (/#\/tasks\/(.+)$/.exec(page.url()) as RegExpExecArray)[1] as string;
};
const panel = (tool: string) => page.getByRole("region", { name: `Claude asks to use ${tool}` });
const status = () => page.locator(".task-head .badge[class*='status-']");
const transcriptLines = () => page.locator(".transcript .approval-line, .transcript .decision-line").allTextContents();

describe("approvals in the dashboard", () => {
  let id = "";

  it("starts a task that asks before tools run, switching a mode that never asks to default", async () => {
    await page
      .getByLabel("Prompt")
      .fill("@write approved.txt hello from\\nthe dashboard\n@bash echo nope > denied.txt\n@reply finished");
    await page.getByLabel("Permission mode").selectOption("bypassPermissions");
    await page.getByLabel("Ask before tools run (approvals)").check();
    await expect.poll(() => page.getByLabel("Permission mode").inputValue()).toBe("default");
    await page.getByText("Permission mode set to default: bypassPermissions would never ask.").waitFor();
    // While approvals are on, the modes that never ask cannot be picked.
    expect(await page.getByRole("option", { name: "bypassPermissions" }).isDisabled()).toBe(true);
    await page.getByLabel("Approval timeout (seconds)").fill("3600");
    await page.getByRole("button", { name: "Start task" }).click();
    id = await openedTaskId();

    const task = await api.tasks.get(id);
    expect(task.options).toMatchObject({ approvals: true, permission_mode: "default", approval_timeout_seconds: 3600 });
  });

  it("marks the task in the list until someone answers", async () => {
    await page.getByRole("link", { name: "All tasks" }).click();
    const row = page.locator(`li[data-task-id="${id}"]`);
    const badge = row.locator(".badge.attention", { hasText: "needs approval" });
    await badge.waitFor();
    expect(await badge.getAttribute("title")).toBe("Waits for an answer about: Write");
    expect(await row.locator(".badge.status-running").textContent()).toBe("running");
    await row.locator("a").click();
    expect(await openedTaskId()).toBe(id);
  });

  it("shows the Write it waits for, and allows it from the keyboard", async () => {
    const write = panel("Write");
    await write.waitFor();
    expect(await write.locator(".approval-argument").textContent()).toBe(workFile("approved.txt"));
    // The content as it will read in the file, and the whole input as JSON one click away.
    expect(await write.locator(".approval-text pre").textContent()).toBe("hello from\nthe dashboard");
    const json = write.locator("pre.tool-input");
    expect(await json.isVisible()).toBe(false);
    await write.getByText("Full input as JSON").click();
    expect(JSON.parse((await json.textContent()) as string)).toMatchObject({
      file_path: workFile("approved.txt"),
      content: "hello from\nthe dashboard",
    });
    expect(await write.locator(".approval-time").textContent()).toMatch(
      /^Waiting (\d+m )?\d+s · denied automatically in (59m|1h)/,
    );
    expect(await status().textContent()).toBe("running");
    await page.locator(".task-head .badge.attention").waitFor();
    await expect.poll(transcriptLines).toEqual([`? Write ${workFile("approved.txt")} — waiting for approval`]);
    expect(existsSync(workFile("approved.txt"))).toBe(false);
    // The tool call itself says what it waits for (the approval names its tool_use_id).
    const writeCall = page.locator(".turn-tool summary", { hasText: "Write" });
    expect(await writeCall.textContent()).toContain("waiting for approval...");

    await write.getByRole("button", { name: "Allow" }).focus();
    await page.keyboard.press("Enter");
    await panel("Bash").waitFor();
    expect(await write.count()).toBe(0);
    expect(readFileSync(workFile("approved.txt"), "utf8")).toBe("hello from\nthe dashboard");
    await expect
      .poll(transcriptLines)
      .toEqual([
        `? Write ${workFile("approved.txt")} — asked for approval`,
        "✓ allowed Write",
        "? Bash echo nope > denied.txt — waiting for approval",
      ]);
    expect(await writeCall.textContent()).not.toContain("waiting for approval");
    expect(await page.locator(".turn-tool summary", { hasText: "Bash" }).textContent()).toContain("waiting for approval...");
  });

  it("denies the Bash with a message for Claude on a phone-width screen, and the task finishes without running it", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const bash = panel("Bash");
    expect(await bash.locator(".approval-argument").textContent()).toBe("echo nope > denied.txt");
    await bash.getByRole("button", { name: "Deny", exact: true }).click();
    // The message box takes the focus; Escape closes it and gives the focus back to Deny.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Deny");
    await page.keyboard.press("Enter");
    await bash.getByLabel("Message for Claude (optional)").fill("no shell commands in this task");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await bash.getByRole("button", { name: "Deny Bash" }).click();

    await expect.poll(() => status().textContent()).toBe("completed");
    expect(await page.locator("section.approval").count()).toBe(0);
    expect(await page.locator(".task-head .badge.attention").count()).toBe(0);
    await expect
      .poll(transcriptLines)
      .toEqual([
        `? Write ${workFile("approved.txt")} — asked for approval`,
        "✓ allowed Write",
        "? Bash echo nope > denied.txt — asked for approval",
        "✗ denied Bash: no shell commands in this task",
      ]);
    expect(existsSync(workFile("denied.txt"))).toBe(false);
    // Claude was told the person's reason.
    expect(await api.tasks.output(id)).toContain("no shell commands in this task");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole("link", { name: "All tasks" }).click();
    await page.locator(`li[data-task-id="${id}"] .badge.status-completed`).waitFor();
    expect(await page.locator(`li[data-task-id="${id}"] .badge.attention`).count()).toBe(0);
    await page.setViewportSize({ width: 1200, height: 860 });
  });

  it("says inline when an answer comes too late, and keeps saying it after the panel goes", async () => {
    const created = await api.tasks.create({
      prompt: "@write late.txt x\n@reply ok",
      permission_mode: "default",
      approvals: true,
    });
    await page.goto(`${server.url}/claude/#/tasks/${created.task_id}`);
    const write = panel("Write");
    await write.waitFor();
    // Hold the page's refreshes of this task (they still reach the real server, later) so the
    // panel is still up when someone else's answer has already been given.
    let releaseRefreshes = () => {};
    const held = new Promise<void>((resolve) => {
      releaseRefreshes = resolve;
    });
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route((url) => url.pathname.endsWith(`/tasks/${created.task_id}`), hold);
    const [pending] = (await api.tasks.get(created.task_id)).pending_approvals ?? [];
    await api.tasks.deny(created.task_id, pending?.approval_id as string, { message: "answered elsewhere" });

    await write.getByRole("button", { name: "Allow" }).click();
    await write.getByRole("alert").getByText("Already answered: Approval").waitFor();
    releaseRefreshes();
    await page.unrouteAll({ behavior: "wait" });
    await expect.poll(() => write.count()).toBe(0);
    const note = page.locator(".approval-late");
    expect(await note.textContent()).toMatch(/Your answer to Write .*late\.txt was not used\. Already answered: .*denied/);
    await note.getByRole("button", { name: "Dismiss" }).click();
    expect(await note.count()).toBe(0);
    await expect.poll(() => status().textContent()).toBe("completed");
    expect(existsSync(workFile("late.txt"))).toBe(false);
  });

  it("drops the panel of a killed task, and the transcript says the request was never answered", async () => {
    const created = await api.tasks.create({ prompt: "@bash echo x > killed.txt", permission_mode: "default", approvals: true });
    await page.goto(`${server.url}/claude/#/tasks/${created.task_id}`);
    await panel("Bash").waitFor();
    await page.getByRole("button", { name: "Kill", exact: true }).click();
    await page.getByRole("button", { name: "Kill it" }).click();
    await expect.poll(() => status().textContent()).toBe("killed");
    await expect.poll(() => page.locator("section.approval").count()).toBe(0);
    await expect.poll(transcriptLines).toEqual(["? Bash echo x > killed.txt — asked for approval, not answered"]);
    expect(existsSync(workFile("killed.txt"))).toBe(false);
  });

  it("shows an approval nobody answered in time as denied by the timeout", async () => {
    const created = await api.tasks.create({
      prompt: "@write timed-out.txt never\n@reply gave up",
      permission_mode: "default",
      approvals: true,
      approval_timeout_seconds: 1,
    });
    await page.goto(`${server.url}/claude/#/tasks/${created.task_id}`);
    await expect.poll(() => status().textContent()).toBe("completed");
    await expect.poll(transcriptLines).toEqual([
      `? Write ${workFile("timed-out.txt")} — asked for approval`,
      // The server's reason follows; its wording is the server's to change.
      expect.stringMatching(/^✗ denied Write \(no answer in time\): Nobody answered this approval within 1 second/),
    ]);
    expect(await page.locator("section.approval").count()).toBe(0);
    expect(existsSync(workFile("timed-out.txt"))).toBe(false);
  });

  it("shows what ran when the answer changed the tool's input, and what Claude had asked for apart", async () => {
    const created = await api.tasks.create({
      prompt: "@write asked-for.txt as asked\n@reply done",
      permission_mode: "default",
      approvals: true,
    });
    const approval = await waitForApproval(created.task_id);
    const ran = { file_path: workFile("what-ran.txt"), content: "as changed" };
    await api.tasks.approve(created.task_id, approval.approval_id, { updatedInput: ran });
    await page.goto(`${server.url}/claude/#/tasks/${created.task_id}`);
    await expect.poll(() => status().textContent()).toBe("completed");
    expect(readFileSync(workFile("what-ran.txt"), "utf8")).toBe("as changed");
    await expect
      .poll(transcriptLines)
      .toEqual([
        `? Write ${workFile("asked-for.txt")} — asked for approval`,
        `✓ allowed Write with changed input: ${workFile("what-ran.txt")}`,
      ]);
    const call = page.locator(".turn-tool details.tool", { hasText: "Write" });
    expect(await call.locator("summary").textContent()).toContain(`${workFile("what-ran.txt")}input changed on approval`);
    await call.locator("summary").click();
    expect(JSON.parse((await call.locator(":scope > pre.tool-input").textContent()) as string)).toEqual(ran);
    expect(JSON.parse((await call.locator(".asked-input pre").textContent()) as string)).toEqual({
      file_path: workFile("asked-for.txt"),
      content: "as asked",
    });
  });
});

/** The first approval the task waits for, once it waits. */
async function waitForApproval(id: string) {
  await expect.poll(async () => (await api.tasks.get(id)).pending_approvals?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  return (await api.tasks.get(id)).pending_approvals?.[0] as { approval_id: string };
}
