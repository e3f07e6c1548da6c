/**
 * The API's own description: the hand-written openapi.yaml (as YAML and as JSON) and an
 * interactive reference page. Public, like any published API reference.
 */
import { parse } from "yaml";
import { OPENAPI_YAML } from "../../generated/openapi-spec.js";
import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";

const SCALAR_VERSION = "1.34.6";
let specJson: Record<string, unknown> | undefined;

const docsPage = () => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Claude Task API reference</title>
</head>
<body>
  <script id="api-reference" data-url="openapi.json"></script>
  <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@${SCALAR_VERSION}"></script>
</body>
</html>
`;

export const docsRouter = createRouter()
  .openapi(routes.getOpenApiJson, (c) => {
    specJson ??= parse(OPENAPI_YAML) as Record<string, unknown>;
    return c.json(specJson, 200);
  })
  .openapi(routes.getOpenApiYaml, (c) => {
    c.header("Content-Type", "application/yaml; charset=utf-8");
    return c.body(OPENAPI_YAML, 200) as unknown as ReturnType<typeof c.text<string, 200>>;
  })
  .openapi(routes.getDocs, (c) => c.html(docsPage(), 200));
