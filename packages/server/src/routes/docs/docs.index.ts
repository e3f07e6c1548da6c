/**
 * The API's own description: the hand-written openapi.yaml (as YAML and as JSON) and an
 * interactive reference page. Public, like any published API reference. The page loads only
 * scripts this server serves (scalar-assets.ts), under a strict Content-Security-Policy.
 */
import { OPENAPI_JSON, OPENAPI_YAML } from "../../generated/openapi-spec.js";
import * as routes from "../../generated/routes.js";
import { createRouter, serveBeside } from "../../http/create-router.js";
import { setAssetHeaders, setPageHeaders } from "../../http/door/html-headers.js";
import { errorResponse } from "../../http/error-handler.js";
import { serialisedJson } from "../../http/serialised.js";
import { SCALAR_INIT, scalarBundle } from "./scalar-assets.js";

const docsPage = (viewer: boolean) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Claude Task API reference</title>
  <link rel="icon" href="data:,">
</head>
<body>
${viewer ? VIEWER : `  ${SPEC_LINKS}\n`}</body>
</html>
`;
const SPEC_LINKS =
  '<p>The API is described by <a href="openapi.yaml">openapi.yaml</a> (also as <a href="openapi.json">JSON</a>).</p>';
// The viewer mounts into an empty element whose id is not "api-reference": under that id the
// standalone bundle reads the element's text as a spec to parse (a console error), and content
// already inside the element makes its hydration report mismatches.
const VIEWER = `  <noscript>${SPEC_LINKS}</noscript>
  <div id="reference"></div>
  <script src="docs/scalar.js"></script>
  <script src="docs/init.js"></script>
`;

export const docsRouter = createRouter()
  .openapi(routes.getOpenApiJson, (c) => {
    return serialisedJson<Record<string, unknown>, 200>(c, OPENAPI_JSON, 200);
  })
  .openapi(routes.getOpenApiYaml, (c) => {
    c.header("Content-Type", "application/yaml; charset=utf-8");
    return c.body(OPENAPI_YAML, 200);
  })
  .openapi(routes.getDocs, async (c) => {
    // The viewer's Vue components set inline styles; scripts stay ours alone.
    setPageHeaders(c, { inlineStyles: true });
    return c.html(docsPage((await scalarBundle()) !== undefined), 200);
  });

// The page's scripts, wherever the page is served (its operation's doors).
serveBeside(docsRouter, "getDocs", "/scalar.js", async (c) => {
  const script = await scalarBundle();
  if (script === undefined) return errorResponse(c, "not_found", "The API reference viewer is not installed beside this server");
  setAssetHeaders(c, "text/javascript; charset=utf-8");
  return c.body(script);
});
serveBeside(docsRouter, "getDocs", "/init.js", (c) => {
  setAssetHeaders(c, "text/javascript; charset=utf-8");
  return c.body(SCALAR_INIT);
});
