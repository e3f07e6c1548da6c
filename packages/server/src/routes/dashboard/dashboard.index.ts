/**
 * The dashboard page and its assets, bundled by packages/dashboard at build time and served
 * from memory: at /claude/ (signed in with a one-time link) and at /oauth/claude/ (behind the
 * OAuth2 proxy; the proxy door guards everything under /oauth). The page finds its API from
 * its own URL: /claude/api/claude/... or /oauth/api/claude/....
 */
import { DASHBOARD_ASSETS, DASHBOARD_HTML } from "@claude-task-api/dashboard";
import { createRouter } from "../../http/create-router.js";
import { setAssetHeaders, setPageHeaders } from "../../http/door/html-headers.js";
import { errorResponse } from "../../http/error-handler.js";

export const dashboardRouter = createRouter();

for (const prefix of ["/claude", "/oauth/claude"]) {
  dashboardRouter.get(prefix, (c) => c.redirect(`${prefix}/`, 308));
  dashboardRouter.get(`${prefix}/`, (c) => {
    setPageHeaders(c);
    return c.html(DASHBOARD_HTML);
  });
  dashboardRouter.get(`${prefix}/assets/:name`, (c) => {
    const asset = DASHBOARD_ASSETS[c.req.param("name")];
    if (!asset) return errorResponse(c, "not_found", "No such dashboard asset");
    setAssetHeaders(c, asset.type);
    return c.body(asset.body);
  });
}
