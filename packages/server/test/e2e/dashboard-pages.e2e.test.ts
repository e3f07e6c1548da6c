/**
 * What a browser meets around the dashboard (issue 23): a reused sign-in link answers a page
 * saying what to do (API clients keep the JSON), the page's favicon is served from its own
 * origin, and a session says whether it may use the token actions. Real server, raw sockets.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-http.js";

const HTML_ACCEPT = { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const cookieOf = (setCookie: string | undefined) => (setCookie ?? "").split(";")[0] as string;
const pathOf = (link: string) => {
  const url = new URL(link, server.url);
  return `${url.pathname}${url.search}`;
};
async function mintLink(): Promise<string> {
  const res = await rawRequest(server.port, "POST", "/api/claude/dashboard/links", { Authorization: `Bearer ${server.token}` });
  expect(res.status).toBe(200);
  return pathOf(res.json.url);
}

describe("a reused sign-in link", () => {
  it("answers a browser with a page that says what to do, under the page policy, and API clients with JSON", async () => {
    const link = await mintLink();
    expect((await rawRequest(server.port, "GET", link, HTML_ACCEPT)).status).toBe(303);

    const page = await rawRequest(server.port, "GET", link, HTML_ACCEPT);
    expect(page.status).toBe(401);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(page.headers["set-cookie"]).toBeUndefined();
    expect(page.body).toContain("This sign-in link no longer works");
    expect(page.body).toContain("<code>claude-tasks ui</code>");
    // Nothing from the request comes back in the page.
    const hostile = await rawRequest(server.port, "GET", "/claude/login?code=%3Cscript%3Ealert(1)%3C/script%3E", HTML_ACCEPT);
    expect(hostile.status).toBe(401);
    expect(hostile.body).not.toMatch(/alert|%3C/);

    const api = await rawRequest(server.port, "GET", link, { Accept: "application/json" });
    expect(api.status).toBe(401);
    expect(api.json).toMatchObject({ code: "unauthorized", error: expect.stringMatching(/claude-tasks ui/) });
  });
});

describe("the dashboard's favicon", () => {
  it("is an SVG served beside the page, and the page links it", async () => {
    const icon = await rawRequest(server.port, "GET", "/claude/assets/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(icon.body).not.toMatch(/<script|href=/i);
    const page = await rawRequest(server.port, "GET", "/claude/");
    expect(page.body).toContain('<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">');
  });
});

describe("GET /claude/api/claude/auth/session", () => {
  it("says the start-up link's session may use the token and a `claude-tasks ui` session may not, as the door enforces", async () => {
    const owner = cookieOf((await rawRequest(server.port, "GET", pathOf(server.dashboardLink as string))).headers["set-cookie"]);
    const ui = cookieOf((await rawRequest(server.port, "GET", await mintLink())).headers["set-cookie"]);
    for (const [cookie, access, tokenStatus] of [
      [owner, true, 200],
      [ui, false, 403],
    ] as const) {
      const info = await rawRequest(server.port, "GET", "/claude/api/claude/auth/session", { Cookie: cookie });
      expect(info.status).toBe(200);
      expect(info.json).toEqual({ token_access: access });
      expect((await rawRequest(server.port, "GET", "/claude/api/claude/auth/token", { Cookie: cookie })).status).toBe(
        tokenStatus,
      );
    }
    const none = await rawRequest(server.port, "GET", "/claude/api/claude/auth/session");
    expect([none.status, none.json.code]).toEqual([401, "unauthorized"]);
  });
});
