// Upgrades keep running tasks: a release that only brings a new Task API (a new chart version
// with a new server bundle) must leave the pod template exactly as it was, or the Deployment
// rolls and Recreate kills the pod with every tmux task in it. The bundle reaches the running
// pod through the ConfigMap instead (start-script.test.ts shows the supervisor reloading it).
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { chartDir, helm, type K8sObject } from "./support/helm.js";
import { repack } from "./support/repack.js";

let work: string;

/** A copy of the chart as a later release would ship it. */
async function release(name: string, change: { version?: string; appVersion?: string; bundleNote?: string }) {
  const dir = path.join(work, name, "workspace");
  await cp(chartDir, dir, { recursive: true });
  const chartFile = path.join(dir, "Chart.yaml");
  const chart = parse(await readFile(chartFile, "utf8")) as Record<string, string>;
  await writeFile(
    chartFile,
    stringify({
      ...chart,
      ...(change.version && { version: change.version }),
      ...(change.appVersion && { appVersion: change.appVersion }),
    }),
  );
  if (change.bundleNote) {
    const main = path.join(dir, "files", "server", "main.js.br");
    await writeFile(main, repack(`${brotliDecompressSync(await readFile(main)).toString("utf8")}\n// ${change.bundleNote}\n`));
  }
  return dir;
}

/** `helm template` with only user, host and the owner, as the README's quick start, plus any --set. */
async function objects(dir: string, sets: string[] = []): Promise<K8sObject[]> {
  const args = ["template", "ws", dir, "--namespace", "coder", "--set", "user=alice", "--set", "host=alice.dev.example.com"];
  args.push("--set", "ingress.auth.oauth2.allowedEmails={alice@example.com}");
  const result = await helm([...args, ...sets.flatMap((s) => ["--set", s])]);
  if (result.code !== 0) throw new Error(result.stderr);
  return parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
const find = (objs: K8sObject[], kind: string) => objs.find((o) => o.kind === kind) as K8sObject;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ws-upgrade-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("a release that only changes the Task API", () => {
  it("keeps the pod template byte for byte, while the ConfigMap and the Deployment's own labels move on", async () => {
    const current = await objects(chartDir);
    const next = await objects(await release("next", { version: "0.2.0", bundleNote: "Task API 0.2.0" }));
    const [before, after] = [find(current, "Deployment"), find(next, "Deployment")];
    expect(after.spec.template).toEqual(before.spec.template);
    // The template carries no chart or Task API version; the Deployment object itself may.
    expect(Object.keys(before.spec.template.metadata.labels)).not.toContain("helm.sh/chart");
    expect(after.metadata.labels?.["helm.sh/chart"]).toBe("workspace-0.2.0");
    expect(before.metadata.labels?.["helm.sh/chart"]).not.toBe(after.metadata.labels?.["helm.sh/chart"]);
    expect(find(next, "ConfigMap").binaryData?.["main.js.br.0"]).not.toBe(
      find(current, "ConfigMap").binaryData?.["main.js.br.0"],
    );
  });

  it("keeps it with a pinned image and the values most installs use", async () => {
    const sets = ["image.tag=2025.11.30", "workspace.port=8080", "taskApi.maxConcurrentTasks=2", "persistence.size=50Gi"];
    const before = find(await objects(chartDir, sets), "Deployment");
    const after = find(
      await objects(await release("pinned", { version: "0.3.0", bundleNote: "Task API 0.3.0" }), sets),
      "Deployment",
    );
    expect(after.spec.template).toEqual(before.spec.template);
  });

  it("would not with a new image: the comparison sees a changed template (a new appVersion is a new reference image)", async () => {
    const before = find(await objects(chartDir), "Deployment");
    const after = find(await objects(await release("image", { version: "0.4.0", appVersion: "9.9.9" })), "Deployment");
    expect(after.spec.template).not.toEqual(before.spec.template);
    expect(after.spec.template.spec.containers[0].image).toBe("ghcr.io/claude-task-api/workspace:9.9.9");
  });
});
