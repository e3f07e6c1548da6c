/**
 * The dashboard in a real browser against the real server, real tmux, the real claude CLI and
 * the scripted model: sign in with the one-time link, start a task from the form, watch its
 * transcript arrive while it runs, send a follow-up, kill a task, see and regenerate the token,
 * sign out (everywhere), and check that the page never asked any other origin for anything.
 *
 * `UPDATE_SCREENSHOTS=1` also writes the README's screenshots to docs/images/.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

const imagesDir = fileURLToPath(new URL("../../../docs/images/", import.meta.url));
const screenshot = async (page: Page, name: string) => {
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: path.join(imagesDir, name) });
};

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

/** A Bash step that holds the run until the test creates the file: "live" without guessing at timing. */
const holdUntil = (file: string) => `@bash while [ ! -e ${file} ]; do sleep 0.1; done; echo released`;
const release = (file: string) => writeFileSync(path.join(server.workdirRoot, file), "");

beforeAll(async () => {
  server = await startTestServer();
  browser = await sharedChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  page = await context.newPage();
  page.on("request", (r) => {
    requested.push(r.url());
  });
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

const statusBadge = () => page.locator(".task-head .badge");

describe("the dashboard", () => {
  it("signs in with the one-time link and lands on a clean URL", async () => {
    expect(server.dashboardLink).toMatch(/\/claude\/login\?code=/);
    await page.goto(server.dashboardLink as string);
    expect(page.url()).toBe(`${server.url}/claude/`);
    await page.getByRole("heading", { name: "Start a task" }).waitFor();
    const cookies = await context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: "cta_session", httpOnly: true, sameSite: "Strict", path: "/claude" }),
    ]);
  });

  let firstId = "";

  it("starts a task from the form and shows its transcript live, as it is written", async () => {
    await page
      .getByLabel("Prompt")
      .fill(
        `@write notes/plan.md # Plan\\n- read the code\n${holdUntil("release-1")}\n@reply All **done** here: see \`notes/plan.md\`.`,
      );
    await page.getByLabel("Max turns").fill("5");
    await page.getByLabel("Labels").fill("team=web, ticket=42");
    // The keyboard is enough: Enter in a field submits the form.
    await page.getByLabel("Labels").press("Enter");
    await page.waitForURL(/#\/tasks\/\d+-[0-9a-f]{8}$/);
    firstId = (/#\/tasks\/(.+)$/.exec(page.url()) as RegExpExecArray)[1] as string;

    // The held Bash call is on screen while the run is still going, before the final answer.
    const bash = page.locator("details.tool", { hasText: "Bash" });
    await bash.waitFor();
    await page.locator("details.tool", { hasText: "Write" }).locator("summary").click();
    await expect.poll(() => statusBadge().textContent()).toBe("running");
    expect(await page.locator(".markdown strong", { hasText: "done" }).count()).toBe(0);
    // Asked for less motion (as every context in these tests is), the working spinner stands still.
    const spinner = page.locator(".spinner").first();
    await spinner.waitFor();
    expect(await spinner.evaluate((e) => getComputedStyle(e).animationName)).toBe("none");
    await screenshot(page, "dashboard-live-transcript.png");

    release("release-1");
    await page.locator(".markdown strong", { hasText: "done" }).waitFor();
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    // The tool call's input and result fold open.
    await bash.locator("summary").click();
    await expect.poll(() => bash.locator(".tool-result").textContent()).toContain("released");
    await expect.poll(() => page.locator(".run-result").count()).toBe(1);
  });

  it("sends a follow-up and follows its run in the same transcript", async () => {
    await page.getByLabel("Follow-up").fill("@reply A **second** answer.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".markdown strong", { hasText: "second" }).waitFor();
    await expect.poll(() => page.locator(".run-result").count()).toBe(2);
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
  });

  it("keeps following through a server restart: the stream resumes, the session survives", async () => {
    await page.getByLabel("Follow-up").fill(`${holdUntil("release-2")}\n@reply After the **restart**.`);
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.locator("details.tool", { hasText: "release-2" }).count()).toBe(1);
    await server.restart();
    release("release-2");
    await page.locator(".markdown strong", { hasText: "restart" }).waitFor();
    await expect.poll(() => page.locator(".run-result").count()).toBe(3);
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    // Every line once: the reconnect resumed after the last line shown, not from the start.
    expect(await page.locator(".markdown strong", { hasText: "second" }).count()).toBe(1);
  });

  it("lists tasks newest first with status and labels, filtered by status", async () => {
    await page.getByRole("link", { name: "All tasks" }).click();
    const row = page.locator(`li[data-task-id="${firstId}"]`);
    await row.waitFor();
    expect(await row.locator(".badge").textContent()).toBe("completed");
    expect(await row.locator(".label").allTextContents()).toEqual(["team=web", "ticket=42"]);
    const running = page.getByRole("group", { name: "Status" }).getByRole("button", { name: "running" });
    await running.click();
    await expect.poll(() => row.count()).toBe(0);
    await running.click();
    await row.waitFor();
  });

  it("kills a running task, then purges it, each after a confirmation", async () => {
    await page.getByLabel("Prompt").fill(holdUntil("never-released"));
    await page.getByRole("button", { name: "Start task" }).click();
    await page.waitForURL(/#\/tasks\/\d+-[0-9a-f]{8}$/);
    const id = (/#\/tasks\/(.+)$/.exec(page.url()) as RegExpExecArray)[1] as string;
    expect(id).not.toBe(firstId);
    await page.locator("details.tool", { hasText: "Bash" }).waitFor();
    await page.getByRole("link", { name: "All tasks" }).click();
    // Newest first: the running task above the finished one.
    await expect
      .poll(() => page.locator("li[data-task-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-task-id"))))
      .toEqual([id, firstId]);
    await screenshot(page, "dashboard-tasks.png");

    await page.locator(`li[data-task-id="${id}"] a`).click();
    await page.getByRole("button", { name: "Kill", exact: true }).click();
    // The confirmation takes the focus; Enter confirms.
    await page.keyboard.press("Enter");
    await expect.poll(() => statusBadge().textContent(), { timeout: 20_000 }).toBe("killed");
    const onDisk = JSON.parse(readFileSync(path.join(server.tasksDir, id, "task.json"), "utf8"));
    expect(onDisk.status).toBe("killed");

    // Finished now, so it can be purged, again only after a confirmation.
    await page.getByRole("button", { name: "Purge", exact: true }).click();
    await page.getByRole("button", { name: "Purge it" }).click();
    await page.getByRole("heading", { name: "Start a task" }).waitFor();
    await expect.poll(() => page.locator(`li[data-task-id="${id}"]`).count()).toBe(0);
    expect(existsSync(path.join(server.tasksDir, id))).toBe(false);
  });

  it("highlights a failed tool call and a failed run", async () => {
    await page.getByRole("button", { name: "Tasks" }).click();
    await page.getByLabel("Prompt").fill('@tool Read {"file_path":"/nonexistent/dashboard-test"}\n@fail 500 the model broke');
    await page.getByRole("button", { name: "Start task" }).click();
    await page.locator("details.tool.failed", { hasText: "Read" }).waitFor();
    await page.locator(".run-result.failed").waitFor();
    expect(await page.locator(".run-result.failed").textContent()).toContain("the model broke");
    await expect.poll(() => statusBadge().textContent()).toBe("error");
    await page.getByText("claude exited with code 1").waitFor();
  });

  it("shows the token only when asked, and regenerates it after saying what breaks", async () => {
    await page.getByRole("button", { name: "Token" }).click();
    expect(await page.getByTestId("token").count()).toBe(0);
    await page.getByRole("button", { name: "Show token" }).click();
    expect(await page.getByTestId("token").textContent()).toBe(server.token);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByText("Copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(server.token);

    const old = server.token;
    await page.getByRole("button", { name: "Regenerate token" }).click();
    await page.getByText("stops working at once").waitFor();
    await screenshot(page, "dashboard-token.png");
    await page.getByRole("button", { name: "Regenerate now" }).click();
    await expect.poll(() => page.getByTestId("token").textContent()).not.toBe(old);
    const fresh = (await page.getByTestId("token").textContent()) as string;
    expect(readFileSync(path.join(server.tasksDir, ".api-token"), "utf8").trim()).toBe(fresh);
    const oldWorks = await fetch(`${server.url}/api/claude/tasks`, { headers: { authorization: `Bearer ${old}` } });
    expect(oldWorks.status).toBe(401);
    server.token = fresh;
    // Regenerating ended every dashboard session; this browser got a new one with the answer.
    await page.getByRole("button", { name: "Tasks" }).click();
    await page.locator(`li[data-task-id="${firstId}"]`).waitFor();
  });

  it("fits a phone-width screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Tasks" }).click();
    await page.locator(`li[data-task-id="${firstId}"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator(`li[data-task-id="${firstId}"] a`).click();
    await page.locator(".run-result").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("signs out everywhere (another browser too, and unused links), then this browser alone", async () => {
    /** A sign-in link as `claude-tasks ui` gets one. */
    const mint = async () => {
      const res = await fetch(`${server.url}/api/claude/dashboard/links`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}` },
      });
      return `${server.url}${((await res.json()) as { url: string }).url}`;
    };
    await page.setViewportSize({ width: 1200, height: 860 });
    const other = await browser.newContext();
    try {
      const tab = await other.newPage();
      await tab.goto(await mint());
      await tab.getByRole("heading", { name: "Start a task" }).waitFor();
      const unused = await mint();

      await page.getByRole("button", { name: "Token" }).click();
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.getByText("this one too, is signed out").waitFor();
      await page.getByRole("button", { name: "Sign out everywhere now" }).click();
      await page.getByRole("heading", { name: "Not signed in" }).waitFor();
      expect(await context.cookies()).toEqual([]);
      await tab.reload();
      await tab.getByRole("heading", { name: "Not signed in" }).waitFor();
      expect((await tab.goto(unused))?.status()).toBe(401);
    } finally {
      await other.close();
    }

    await page.goto(await mint());
    await page.getByRole("heading", { name: "Start a task" }).waitFor();
    const cookie = (await context.cookies())[0]?.value as string;
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { name: "Not signed in" }).waitFor();
    expect(await context.cookies()).toEqual([]);
    // Ended on the server: the cookie, kept by someone, opens nothing.
    const replay = await fetch(`${server.url}/claude/api/claude/tasks`, { headers: { cookie: `cta_session=${cookie}` } });
    expect(replay.status).toBe(401);
  });

  it("asked no other origin for anything", () => {
    expect(requested.length).toBeGreaterThan(10);
    const foreign = requested.filter((u) => new URL(u).origin !== server.url);
    expect(foreign).toEqual([]);
  });
});

describe("the dashboard behind the OAuth2 proxy (/oauth/claude/)", () => {
  it("serves the owner through the proxy's headers, and nobody else", async () => {
    const secret = "proxy-secret-for-browser-tests-0123";
    const proxied = await startTestServer({
      env: { TRUST_PROXY_HEADERS: "true", OAUTH_ALLOWED_EMAILS: "owner@example.com", PROXY_AUTH_SECRET: secret },
    });
    try {
      // The headers ingress-nginx would add after oauth2-proxy said yes, on every request.
      const owner = await browser.newContext({
        extraHTTPHeaders: { "X-Auth-Request-Email": "owner@example.com", "X-Auth-Request-Proxy-Secret": secret },
      });
      const tab = await owner.newPage();
      const urls: string[] = [];
      tab.on("request", (r) => {
        urls.push(r.url());
      });
      await tab.goto(`${proxied.url}/oauth/claude/`);
      await tab.getByLabel("Prompt").fill("@reply Through the **proxy**.");
      await tab.getByRole("button", { name: "Start task" }).click();
      await tab.locator(".markdown strong", { hasText: "proxy" }).waitFor();
      await tab.getByRole("button", { name: "Token" }).click();
      await tab.getByRole("button", { name: "Show token" }).click();
      expect(await tab.getByTestId("token").textContent()).toBe(proxied.token);
      expect(urls.some((u) => u.includes("/oauth/api/claude/tasks"))).toBe(true);
      expect(urls.filter((u) => new URL(u).origin !== proxied.url)).toEqual([]);
      await owner.close();

      const stranger = await browser.newContext({
        extraHTTPHeaders: { "X-Auth-Request-Email": "someone@example.com", "X-Auth-Request-Proxy-Secret": secret },
      });
      const denied = await (await stranger.newPage()).goto(`${proxied.url}/oauth/claude/`);
      expect(denied?.status()).toBe(403);
      expect(await denied?.json()).toMatchObject({ code: "forbidden_identity" });
      await stranger.close();
    } finally {
      await proxied.stop();
    }
  });
});

describe("the API reference page", () => {
  it("renders the spec from this server alone", async () => {
    const docs = await context.newPage();
    const urls: string[] = [];
    const blocked: string[] = [];
    docs.on("request", (r) => {
      urls.push(r.url());
    });
    docs.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await docs.goto(`${server.url}/api/claude/docs`);
    await docs.getByText("Claude Task API").first().waitFor();
    await docs.getByText("Start a task").first().waitFor();
    expect(urls.filter((u) => !u.startsWith("data:") && new URL(u).origin !== server.url)).toEqual([]);
    expect(blocked).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS && existsSync(imagesDir))
      await docs.screenshot({ path: path.join(imagesDir, "api-reference.png") });
    await docs.close();
  });

  it("tries an operation against the server it is served from, with nothing in the console", async () => {
    const docs = await context.newPage();
    const complaints: string[] = [];
    docs.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") complaints.push(`${m.type()}: ${m.text()}`);
    });
    docs.on("pageerror", (error) => {
      complaints.push(`pageerror: ${error.message}`);
    });
    await docs.goto(`${server.url}/api/claude/docs`);
    await docs.getByText("Start a task").first().waitFor();
    // The first operation's "Test Request": GET /api/claude/server, with the bearer token. The
    // viewer renders operations as they scroll into view: go there as a person would, by the menu.
    await docs.getByText("Where this server runs tasks").first().click();
    await docs
      .getByRole("button", { name: /Test Request/ })
      .first()
      .click();
    const client = docs.getByRole("dialog");
    await client.getByText(`${server.url}`, { exact: false }).first().waitFor();
    await client.getByRole("button", { name: /Authentication/ }).click();
    await client.getByPlaceholder("Token").fill(server.token);
    const answered = docs.waitForResponse((r) => r.url() === `${server.url}/api/claude/server`);
    await client.getByRole("button", { name: "Send", exact: false }).first().click();
    const response = await answered;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { workdir_root: string };
    expect(body.workdir_root).toEqual(expect.any(String));
    // The page shows the answer (its console is read after it has handled it).
    await client.getByText(body.workdir_root).first().waitFor();
    expect(complaints).toEqual([]);
    await docs.close();
  });
});
