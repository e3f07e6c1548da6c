// The server bundle in the chart is generated and committed; it must match its sources.
import { readFile } from "node:fs/promises";
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
    expect(
      file.externals.filter((m) => !m.startsWith("node:")),
      file.path,
    ).toEqual([]);
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
