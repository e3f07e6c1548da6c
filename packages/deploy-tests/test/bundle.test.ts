// The server bundle in the chart is generated and committed; it must match its sources.
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { bundleDir, bundleServer, driftedFiles } from "../scripts/bundle-server.mjs";

let fresh: Awaited<ReturnType<typeof bundleServer>>;
beforeAll(async () => {
  fresh = await bundleServer();
});

it("charts/workspace/files/server matches a fresh bundle of packages/server", async () => {
  expect(fresh.map((f) => path.relative(bundleDir, f.path)).sort()).toEqual(["main.js", "runner/run-task.js"]);
  const drifted = await driftedFiles(fresh);
  expect(drifted, "stale bundle: run `pnpm --filter @claude-task-api/deploy-tests bundle`").toEqual([]);
});

it("inlines every dependency: the pod has Node.js built-ins and nothing else", () => {
  for (const file of fresh) {
    // Bundled CommonJS dependencies may require built-ins without the node: prefix ("fs", "http").
    expect(
      file.externals.filter((m) => !isBuiltin(m)),
      file.path,
    ).toEqual([]);
  }
});

it("is plain ASCII, which survives helm's YAML exactly (go-yaml folds U+0085, U+2028 and U+2029)", () => {
  for (const file of fresh) {
    const first = [...file.text].findIndex((c) => c.charCodeAt(0) > 0x7f);
    expect(first, `${file.path}: ${JSON.stringify(file.text.slice(first - 20, first + 20))}`).toBe(-1);
  }
});

it("marks the committed files as generated", async () => {
  for (const file of ["main.js", "runner/run-task.js"]) {
    const text = await readFile(path.join(bundleDir, file), "utf8");
    expect(text.split("\n").slice(0, 3).join("\n")).toContain("GENERATED FILE - DO NOT EDIT");
  }
  const attributes = await readFile(path.join(bundleDir, "../../.gitattributes"), "utf8");
  expect(attributes).toContain("files/server/main.js linguist-generated=true");
});
