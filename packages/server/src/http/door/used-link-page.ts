/**
 * What a browser sees when a sign-in link no longer works: a short page that says what to do.
 * The text is fixed (nothing from the request is put in it), and the page carries the same
 * strict headers as the dashboard. API clients keep the `{error, code}` JSON.
 */
import type { Context } from "hono";
import { setPageHeaders } from "./html-headers.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign-in link no longer works - Claude tasks</title>
  <link rel="icon" href="/claude/assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/claude/assets/app.css">
</head>
<body>
  <main class="used-link">
    <h1>This sign-in link no longer works</h1>
    <p>Each link signs in once. This one was already used, has expired (links last a day), or was
    ended by signing out everywhere or regenerating the token.</p>
    <p>For a new link, run <code>claude-tasks ui</code> in a shell that can reach the server, and open
    the link it prints. If this browser is still signed in, <a href="/claude/">open the dashboard</a>.</p>
  </main>
</body>
</html>
`;

/** Whether the request is a browser's page load (it asks for HTML), not an API client's. */
export const wantsHtml = (c: Context) => /\btext\/html\b/.test(c.req.header("accept") ?? "");

/** Answers 401 with the page. */
export function usedLinkPage(c: Context): Response {
  setPageHeaders(c);
  c.header("Cache-Control", "no-store");
  return c.html(PAGE, 401);
}
