/** Debian's Chromium driven by playwright-core (its own browser downloads are not available here). */
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Every context sees the pages as someone who asked for less motion (unless a test says
 * otherwise): the running task's spinner then stands still instead of making Chromium draw 60
 * frames a second (7 % of a core) all the while a test watches a running task.
 */
async function launchChromium(): Promise<Browser> {
  const browser = await launchBrowser();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ reducedMotion: "reduce", ...options });
  return browser;
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * The worker's one Chromium. Test files run one after the other in a worker (isolate: false
 * keeps this module), so each file borrows it instead of launching its own (about 0.8 s of CPU
 * each), and works in contexts of its own: a context has its own cookies, storage, cache and
 * permissions, so nothing one file does is seen by the next. Playwright closes the browser when
 * the worker exits.
 */
export function sharedChromium(): Promise<Browser> {
  if (!shared) {
    const launched = launchChromium();
    shared = launched;
    launched.then(
      (browser) =>
        browser.on("disconnected", () => {
          if (shared === launched) shared = undefined;
        }),
      () => {
        if (shared === launched) shared = undefined;
      },
    );
  }
  return shared;
}

/** Ends a file's use of the shared browser: closes every context it opened (and their pages). */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/** A page in a context of its own, signed in with the test server's one-time link, showing the dashboard. */
export async function signedInPage(browser: Browser, dashboardLink: string | undefined): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  await page.goto(dashboardLink as string);
  await page.getByRole("heading", { name: "Start a task" }).waitFor();
  return page;
}
