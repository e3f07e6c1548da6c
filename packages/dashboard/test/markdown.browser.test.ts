/**
 * The model's markdown is hostile: in a real browser against the real server, real tmux, the
 * real claude CLI and a scripted model whose answer carries a form that posts to this origin,
 * buttons, inputs, a style sheet that hides the page, an overlay styled to look like the page's
 * own panel, scripts in every disguise, and links in and out. The transcript shows its text and
 * nothing of that machinery; a link to another site opens apart from the dashboard.
 */
import { createClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium, signedInPage } from "./browser.js";

const HOSTILE_MARKDOWN = [
  "# Report",
  "All **checks** passed.",
  '<form action="/claude/api/claude/tasks" method="post"><input name="prompt" value="rm -rf ~"><button type="submit">Approve</button></form>',
  "<button onclick=\"window.pwned = 'button'\">Allow</button> <select><option>one</option></select> <textarea>typed</textarea>",
  "<style>body { visibility: hidden }</style>",
  '<p class="approval-panel" id="app" style="position: fixed; inset: 0; background: red">overlay text</p>',
  '<img src="x" onerror="window.pwned = \'img\'"> <script>window.pwned = "script"</script>',
  '<iframe src="/claude/"></iframe> <object data="/claude/"></object> <svg onload="window.pwned = \'svg\'"><circle r="4"/></svg>',
  "",
  "[a script link](javascript:window.pwned='link') [outside](https://example.com/login) [inside](#/tasks) [relative](/claude/)",
  "",
  "- [x] done item",
  "- [ ] open item",
].join("\n");

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  server.model.setRules([{ match: "hostile-markdown", replies: [{ text: HOSTILE_MARKDOWN }] }]);
  browser = await sharedChromium();
  page = await signedInPage(browser, server.dashboardLink);
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

describe("the transcript's markdown", () => {
  it("shows the model's text without forms, controls, styles, scripts or frames; outside links open apart", async () => {
    const api = createClient({ baseUrl: server.url, token: server.token });
    const task = await api.tasks.create({ prompt: "hostile-markdown" });
    expect((await api.tasks.wait(task.task_id)).status).toBe("completed");
    await page.goto(`${server.url}/claude/#/tasks/${task.task_id}`);
    const markdown = page.locator(".transcript .markdown", { hasText: "Report" });
    await markdown.locator("strong", { hasText: "checks" }).waitFor();

    const forbidden =
      "form, input, button, select, option, textarea, style, script, iframe, object, embed, svg, math, link, meta";
    expect(await markdown.locator(forbidden).count()).toBe(0);
    const attributes = await markdown.evaluate((root) =>
      Array.from(root.querySelectorAll("*")).flatMap((element: Element) =>
        element.getAttributeNames().map((name) => `${element.tagName}@${name}`),
      ),
    );
    expect(attributes.filter((name) => /@(style|class|id|on\w+)$/i.test(name))).toEqual([]);
    expect(await markdown.textContent()).toContain("overlay text");
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.evaluate(() => getComputedStyle(document.body).visibility)).toBe("visible");
    // The page's own panel and root are still the only ones with their names.
    expect(await page.locator("#app").count()).toBe(1);
    expect(await page.locator(".approval-panel").count()).toBe(0);

    const link = (name: string) => markdown.getByText(name, { exact: true });
    expect(await link("a script link").getAttribute("href")).toBeNull();
    const outside = link("outside");
    expect(await outside.getAttribute("href")).toBe("https://example.com/login");
    expect(await outside.getAttribute("target")).toBe("_blank");
    expect(await outside.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await outside.getAttribute("title")).toBe("https://example.com/login");
    for (const inside of ["inside", "relative"]) {
      expect(await link(inside).getAttribute("href")).not.toBeNull();
      expect(await link(inside).getAttribute("target")).toBeNull();
      expect(await link(inside).getAttribute("rel")).toBeNull();
    }
    // A task list's boxes are characters, not form controls.
    expect(await markdown.locator("li").allTextContents()).toEqual(["☑ done item", "☐ open item"]);
  });
});
