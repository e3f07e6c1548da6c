/**
 * Reviewing what a task did, in Debian's Chromium against the real server, tmux, claude CLI and
 * scripted model: a worktree task's diff (files, counts, highlighted lines, following the task
 * live, hostile text shown as text), a structured result as a tree and raw JSON, a run that
 * failed its schema or the API saying why, the full form, cost and turns.
 *
 * `UPDATE_SCREENSHOTS=1` also writes the README's screenshots to docs/images/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeContexts, sharedChromium } from "./browser.js";

const imagesDir = fileURLToPath(new URL("../../../docs/images/", import.meta.url));
/** The page's viewport, or one part of the page (`of`). */
const screenshot = async (name: string, of?: Locator) => {
  if (process.env.UPDATE_SCREENSHOTS) await (of ?? page).screenshot({ path: path.join(imagesDir, name) });
};

let server: TestServer;
let browser: Browser;
let page: Page;
/** Scripts that ran in the page although nothing of ours runs them: a sanitising failure. */
const pageErrors: string[] = [];

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-C", cwd, ...args], {
    encoding: "utf8",
  }).trim();

/** Starts a task over the API (as a service would) and opens its page. */
async function startTask(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${server.url}/api/claude/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { task_id: string };
  expect(res.status, JSON.stringify(json)).toBe(201);
  await page.goto(`${server.url}/claude/#/tasks/${json.task_id}`);
  return json.task_id;
}

const statusBadge = () => page.locator(".task-head .badge");

beforeAll(async () => {
  // A finished task without a worktree, written before the server starts: a run adds nothing to
  // what its page shows of a review.
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply plain" }] });
  const repo = path.join(server.workdirRoot, "repo");
  mkdirSync(path.join(repo, "src"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(path.join(repo, "src", "app.ts"), "export const answer = 41;\n");
  writeFileSync(path.join(repo, "README.md"), "original\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "initial");
  browser = await sharedChromium();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  page.on("pageerror", (e) => {
    pageErrors.push(e.message);
  });
  page.on("dialog", (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.dashboardLink as string);
  await page.getByRole("heading", { name: "Start a task" }).waitFor();
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.stop();
});

const schema = {
  type: "object",
  properties: { answer: { type: "number" }, tags: { type: "array", items: { type: "string" } } },
  required: ["answer"],
};

describe("structured results and failed runs", () => {
  it("shows a structured result as a tree, and as raw JSON on request", async () => {
    await startTask({
      prompt: '@tool StructuredOutput {"answer": 42, "tags": ["a", "<b>bold</b>"]}',
      output_schema: schema,
    });
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    const tree = page.locator(".structured-result .json-tree").first();
    await tree.waitFor();
    expect(await tree.locator(".json-key").allTextContents()).toEqual(["answer", "tags", "[0]", "[1]"]);
    expect(await tree.locator(".json-number").textContent()).toBe("42");
    // Markup in a value is text, not an element.
    expect(await tree.locator("b").count()).toBe(0);
    expect(await tree.textContent()).toContain('"<b>bold</b>"');
    await page.getByRole("button", { name: "Raw JSON" }).click();
    const raw = JSON.parse((await page.locator(".structured-raw").textContent()) as string);
    expect(raw).toEqual({ answer: 42, tags: ["a", "<b>bold</b>"] });
    await expect.poll(() => page.locator(".run-result").textContent()).toContain("Run finished");
    await page.getByRole("button", { name: "Show tree" }).click();
    await screenshot("dashboard-structured-result.png", page.locator(".run-result"));
  });

  it("says why a run that failed its schema failed, with no green 'Run finished'", async () => {
    await startTask({ prompt: '@tool StructuredOutput {"answer": "not a number"}', output_schema: schema });
    await expect.poll(() => statusBadge().textContent()).toBe("error");
    const result = page.locator(".run-result");
    await expect.poll(() => result.textContent()).toContain("Run failed (output_schema)");
    expect(await result.getAttribute("class")).toContain("failed");
    expect(await result.textContent()).toMatch(/no structured output matching output_schema/);
    expect(await result.textContent()).not.toContain("Run finished");
    await screenshot("dashboard-failed-run.png");
  });

  it("names an API error as one, never 'Run failed (success)'", async () => {
    await startTask({ prompt: "@fail 529 Overloaded" });
    await expect.poll(() => statusBadge().textContent()).toBe("error");
    const result = page.locator(".run-result");
    await expect.poll(() => result.textContent()).toContain("Run failed (api_error)");
    expect(await result.textContent()).not.toContain("success");
  });
});

describe("killed runs", () => {
  it("says a run outlived its timeout, with the server's reason", async () => {
    // Held until a file nobody creates appears (claude refuses a bare long `sleep`).
    const never = path.join(server.workdirRoot, "never-created");
    await startTask({ prompt: `@bash while [ ! -e ${never} ]; do sleep 0.1; done`, timeout_seconds: 1 });
    await expect.poll(() => statusBadge().textContent()).toBe("killed");
    // Under the run's result when claude wrote one before the kill, else under its exit, or (when
    // the kill came before claude wrote anything) from the task's record.
    const transcript = page.locator(".transcript");
    await expect.poll(() => transcript.textContent()).toContain("Run killed (timeout)");
    expect(await transcript.textContent()).toContain("Timed out after 1 seconds");
    expect(await transcript.textContent()).not.toContain("Run finished");
  });
});

describe("reviewing a worktree task's change", () => {
  it("shows branch, base, files with counts and highlighted lines, following the task live", async () => {
    const hold = path.join(server.workdirRoot, "release-diff");
    const hostile = "<img src=x onerror=alert(1)></script><script>alert(2)</script>";
    const id = await startTask({
      prompt: [
        `@write src/app.ts export const answer = 42; // ${hostile}`,
        `@bash while [ ! -e ${hold} ]; do sleep 0.1; done; echo released`,
        "@write src/more.py def more():\\n    return 'more'",
        "@reply Changed.",
      ].join("\n"),
      workdir: "repo",
      isolation: "worktree",
    });
    const base = git(path.join(server.workdirRoot, "repo"), "rev-parse", "HEAD");
    const diff = page.locator(".task-diff");
    await diff.getByText(`claude/${id}`).waitFor();
    expect(await diff.locator(`code[title="${base}"]`).textContent()).toBe(base.slice(0, 12));

    // The first edit, while the run is held: one file, one line each way.
    const app = diff.locator('.diff-files li[data-path="src/app.ts"]');
    await app.waitFor();
    expect(await app.textContent()).toMatch(/src\/app\.ts\s*\+1\s*-1\s*modified/);
    expect(await diff.locator(".diff-files li").count()).toBe(1);
    await expect.poll(() => statusBadge().textContent()).toBe("running");
    const added = diff.locator(".diff-file tr.diff-add").first();
    expect(await added.locator(".shj-kwd").allTextContents()).toEqual(["export", "const"]);
    expect(await added.locator(".shj-num").textContent()).toBe("42");
    // The model's markup is shown as the text it is: no element, no script ran.
    expect(await added.textContent()).toContain(hostile);
    expect(await diff.locator("img, script").count()).toBe(0);
    expect(await diff.locator(".diff-file tr.diff-del").textContent()).toContain("answer = 41");
    await screenshot("dashboard-review.png", diff);

    // The next edit shows up as the task makes it.
    writeFileSync(hold, "");
    const more = diff.locator('.diff-files li[data-path="src/more.py"]');
    await more.waitFor();
    expect(await more.textContent()).toMatch(/\+2\s*-0\s*added/);
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    const py = diff.locator(".diff-file", { hasText: "src/more.py" });
    expect(await py.locator(".shj-kwd").first().textContent()).toBe("def");

    // The command opens the worktree, which holds the branch and every change.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await diff.getByRole("button", { name: "Copy git command" }).click();
    await diff.getByText("Copied.").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`cd '${path.join(server.tasksDir, id, "worktree")}' && git status`);

    // A long line scrolls inside its file's box; the page itself fits a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await diff.locator(".diff-file").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1200, height: 900 });
    }
  });

  it("shows no review for a task without a worktree", async () => {
    await page.goto(`${server.url}/claude/#/tasks/${server.seeded[0]}`);
    // Its record is shown (a seeded task runs in /tmp), not the last task's: the review is drawn
    // with the record, so it would be there by now.
    await page.locator(".task-head code", { hasText: /^\/tmp$/ }).waitFor();
    expect(await statusBadge().textContent()).toBe("completed");
    expect(await page.locator(".task-diff").count()).toBe(0);
  });
});

/** A task as the API answers it. */
async function getTask(id: string) {
  const res = await fetch(`${server.url}/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${server.token}` } });
  return (await res.json()) as {
    labels?: Record<string, string>;
    options?: Record<string, unknown>;
    runs: Array<{ options?: Record<string, unknown> }>;
    worktree?: { branch: string; base_commit: string };
    totals: { num_turns: number; total_cost_usd: number };
  };
}

describe("the full form", () => {
  it("starts a worktree task with base ref, output schema, labels, timeout; suggests the server's workdirs", async () => {
    await page.goto(`${server.url}/claude/#/`);
    await page.getByRole("heading", { name: "Start a task" }).waitFor();
    await expect
      .poll(() => page.locator("datalist#workdirs option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)))
      .toContain(realpathSync(server.workdirRoot));

    await page.getByLabel("Prompt").fill('@tool StructuredOutput {"summary": "<i>reviewed</i>"}');
    await page.getByLabel("Working directory").fill("repo");
    await page.getByLabel("Run in a new git worktree").check();
    await page.getByLabel("Base ref").fill("main");
    await page.getByLabel("Max turns").fill("3");
    await page.getByLabel("Timeout (seconds)").fill("120");
    await page.getByLabel("Labels").fill("team=review, ticket=7");
    const summarySchema = { type: "object", properties: { summary: { type: "string" } }, required: ["summary"] };
    await page.getByLabel("Output schema").fill(JSON.stringify(summarySchema, null, 1));
    await screenshot("dashboard-new-task.png", page.locator(".new-task"));
    // A schema that is not JSON is refused in the page, saying so.
    await page.getByLabel("Output schema").fill("{not json");
    await page.getByRole("button", { name: "Start task" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/Output schema \(JSON Schema\) is not valid JSON/);
    await page.getByLabel("Output schema").fill(JSON.stringify(summarySchema));
    await page.getByRole("button", { name: "Start task" }).click();
    await page.waitForURL(/#\/tasks\/\d+-[0-9a-f]{8}$/);
    const id = (/#\/tasks\/(.+)$/.exec(page.url()) as RegExpExecArray)[1] as string;

    const task = await getTask(id);
    expect(task.worktree?.branch).toBe(`claude/${id}`);
    expect(task.worktree?.base_commit).toBe(git(path.join(server.workdirRoot, "repo"), "rev-parse", "main"));
    expect(task.labels).toEqual({ team: "review", ticket: "7" });
    expect({ ...task.options, ...task.runs[0]?.options }).toMatchObject({
      max_turns: 3,
      timeout_seconds: 120,
      output_schema: summarySchema,
    });

    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    await page.locator(".structured-result .json-string", { hasText: "<i>reviewed</i>" }).waitFor();
    expect(await page.locator(".task-head .label").allTextContents()).toEqual(["team=review", "ticket=7"]);
    await page.locator(".task-diff").getByText("No changes yet.").waitFor();
  });
});

describe("what it costs", () => {
  it("counts turns and tokens while a run goes on, then the task's totals with cost", async () => {
    const hold = path.join(server.workdirRoot, "release-cost");
    const id = await startTask({
      prompt: `@bash while [ ! -e ${hold} ]; do sleep 0.1; done; echo released\n@reply Cost counted.`,
    });
    const live = page.getByTestId("live-usage");
    await expect.poll(() => live.textContent()).toMatch(/^ \+ this run \([1-9][\d,]* tokens so far\)$/);
    // The first model turn (the held Bash call) counts at once, before any run has ended.
    expect(await page.getByTestId("task-totals").textContent()).toMatch(/^1 turns, \$0\.0000 \+ this run/);
    expect(await page.locator(".turn.busy").count()).toBe(1);
    writeFileSync(hold, "");
    await expect.poll(() => statusBadge().textContent()).toBe("completed");
    await expect.poll(() => live.count()).toBe(0);
    expect(await page.locator(".turn.busy").count()).toBe(0);
    const { totals } = await getTask(id);
    expect(totals.total_cost_usd).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId("task-totals").textContent())
      .toBe(`${totals.num_turns} turns, $${totals.total_cost_usd.toFixed(4)}`);
    expect(totals.num_turns).toBe(2);
  });
});

describe("the page", () => {
  it("ran no script and opened no dialog from anything it showed", () => {
    expect(pageErrors).toEqual([]);
  });
});
