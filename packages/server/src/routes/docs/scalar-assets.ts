/**
 * The API reference viewer, vendored from npm (@scalar/api-reference's prebuilt browser bundle)
 * instead of a CDN: the page shares an origin with the token, so its script must be ours.
 * The bundle is read from node_modules on first use. The chart's single-file server carries no
 * node_modules (and 4 MB would not fit its ConfigMap), so there the page links to the raw spec.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

let bundle: Promise<string | undefined> | undefined;

async function findBundle(): Promise<string | undefined> {
  try {
    // The package exports no path to its browser bundle; find it beside the package's entry.
    let dir = path.dirname(fileURLToPath(import.meta.resolve("@scalar/api-reference")));
    while (path.basename(dir) !== "dist" && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return await readFile(path.join(dir, "browser", "standalone.js"), "utf8");
  } catch {
    return undefined;
  }
}

/** The viewer's script, or undefined when the package is not installed beside the server. */
export const scalarBundle = (): Promise<string | undefined> => {
  bundle ??= findBundle();
  return bundle;
};

/** Starts the viewer: a file of its own, because the page's policy allows no inline script. */
export const SCALAR_INIT = `Scalar.createApiReference("#reference", {
  url: new URL("openapi.json", document.baseURI).href,
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  // Features that talk to Scalar's own services (the page's policy would block them anyway).
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
});
`;
