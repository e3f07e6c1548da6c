// The chart's server bundle: built from packages/server (never kept in git), self-contained,
// and shipped brotli-compressed with the checksums the start-up script checks.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { brotliDecompressSync } from "node:zlib";
import { beforeAll, expect, it } from "vitest";
import { builtBundleDir } from "../../../packages/server/scripts/bundle.mjs";
import { bundleDir, bundleServer, CHECKSUMS_FILE, checksums, compress } from "../scripts/bundle-server.mjs";
import { repoRoot } from "./support/helm.js";

const run = promisify(execFile);
let fresh: Awaited<ReturnType<typeof bundleServer>>;
beforeAll(async () => {
  fresh = await bundleServer();
});

it("the chart holds a compressed build of packages/server as it is now (global setup builds it)", async () => {
  expect(fresh.map((f) => path.relative(bundleDir, f.path)).sort()).toEqual(["main.js", "runner/run-task.js"]);
  for (const file of fresh) {
    const shipped = brotliDecompressSync(await readFile(`${file.path}.br`)).toString("utf8");
    expect(shipped === file.text, path.relative(bundleDir, file.path)).toBe(true);
  }
  // What the start-up script checks each unpacked file against.
  expect(await readFile(path.join(bundleDir, CHECKSUMS_FILE), "utf8")).toBe(checksums(fresh));
});

it("is byte for byte the server build the other suites run (packages/server/dist/bundle)", async () => {
  for (const file of fresh) {
    const built = await readFile(path.join(builtBundleDir, path.relative(bundleDir, file.path)), "utf8");
    expect(built === file.text, path.relative(bundleDir, file.path)).toBe(true);
  }
});

it("is compressed to the same bytes every time, so an unchanged server leaves the ConfigMap unchanged", () => {
  // Each file packed twice (best quality: about 1.6 s of CPU for main.js each time).
  const packed = new Map(fresh.map((file) => [file.path, compress(file.text)]));
  for (const file of fresh) expect(compress(file.text).equals(packed.get(file.path) as Buffer)).toBe(true);
  const main = fresh.find((f) => f.path.endsWith("main.js"));
  // Compression is what keeps the release small (release-size.test.ts has the totals).
  expect(packed.get(main?.path ?? "")?.length).toBeLessThan((main?.text.length ?? 0) / 3);
});

it("is not kept in git: the repository holds the sources and the start-up script only", async () => {
  const { stdout } = await run("git", ["ls-files", "charts/workspace/files"], { cwd: repoRoot });
  expect(stdout.trim().split("\n").sort()).toEqual([
    "charts/workspace/files/server/package.json",
    "charts/workspace/files/server/start-task-api.sh",
  ]);
  const built = ["main.js.br", "runner/run-task.js.br", CHECKSUMS_FILE, "main.js", "runner/run-task.js"].map((f) =>
    path.join("charts/workspace/files/server", f),
  );
  const { stdout: ignored } = await run("git", ["check-ignore", ...built], { cwd: repoRoot });
  expect(ignored.trim().split("\n")).toEqual(built);
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

it("is plain ASCII (non-ASCII characters as escapes), whatever channel or locale it passes through", () => {
  for (const file of fresh) {
    const first = [...file.text].findIndex((c) => c.charCodeAt(0) > 0x7f);
    expect(first, `${file.path}: ${JSON.stringify(file.text.slice(first - 20, first + 20))}`).toBe(-1);
  }
});

it("marks the built files as generated", () => {
  for (const file of fresh) expect(file.text.split("\n").slice(0, 3).join("\n")).toContain("GENERATED FILE - DO NOT EDIT");
});

it("leaves out @opentelemetry/api, which prom-client needs only for exemplars (off in the server)", () => {
  const main = fresh.find((f) => f.path.endsWith("main.js"));
  // The library's global key; the start-up script's test scrapes /metrics from the bundled server.
  expect(main?.text).not.toContain("opentelemetry.js.api");
  expect(main?.text).toContain("@opentelemetry/api is left out of the server bundle");
});
