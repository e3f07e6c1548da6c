// Onboarding without a browser: the bearer token from an existing Secret, the TLS certificate
// from cert-manager, and the README's "real workspace" command with and without its optional
// secrets file.
import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmPath } from "../scripts/fetch-helm.mjs";
import { baseValues, chartDir, merge, render, repoRoot } from "./support/helm.js";

const SECRETS_DIR = "/etc/claude-task-api/secrets";

describe("taskApi.token.existingSecret", () => {
  it("mounts the Secret's key token as a file the start-up script installs as the server's token", async () => {
    const rendered = await render(merge(baseValues, { taskApi: { token: { existingSecret: "alice-ci-token" } } }));
    const pod = rendered.get("Deployment").spec.template.spec;
    const container = pod.containers[0];
    expect(container.env).toContainEqual({ name: "TASK_API_TOKEN_FILE", value: `${SECRETS_DIR}/api-token` });
    // A file, never a variable: a task could read the server's environment.
    expect(JSON.stringify(container.env)).not.toContain("secretKeyRef");
    const volume = pod.volumes.find((v: { name: string }) => v.name === "task-api-secrets");
    expect(volume.projected.sources).toContainEqual({
      secret: { name: "alice-ci-token", items: [{ key: "token", path: "api-token" }] },
    });
    expect(container.volumeMounts).toContainEqual({ name: "task-api-secrets", mountPath: SECRETS_DIR, readOnly: true });
    // The chart makes no Secret of its own for it, and says where CI gets the token.
    expect(rendered.objects.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(rendered.notes).toContain("get secret alice-ci-token -o jsonpath='{.data.token}' | base64 -d");
  });

  it("leaves the server's own token alone when unset", async () => {
    const rendered = await render(baseValues);
    expect(JSON.stringify(rendered.get("Deployment"))).not.toContain("TASK_API_TOKEN_FILE");
    expect(rendered.notes).toContain("export TOKEN=<the token>");
  });

  it("refuses a name that is no Secret name", async () => {
    await expect(render(merge(baseValues, { taskApi: { token: { existingSecret: "Not A Name" } } }))).rejects.toThrow(
      /existingSecret/,
    );
  });
});

describe("ingress.tls.clusterIssuer / issuer", () => {
  it("asks cert-manager for the host's certificate on exactly one Ingress; every Ingress serves that Secret", async () => {
    const rendered = await render(merge(baseValues, { ingress: { tls: { clusterIssuer: "letsencrypt" } } }));
    const ingresses = rendered.objects.filter((o) => o.kind === "Ingress");
    expect(ingresses.length).toBeGreaterThan(1);
    const annotated = ingresses.filter((o) => o.metadata.annotations?.["cert-manager.io/cluster-issuer"] === "letsencrypt");
    expect(annotated.map((o) => o.metadata.name)).toEqual(["ws-alice-claude-api"]);
    for (const ingress of ingresses)
      expect(ingress.spec.tls).toEqual([{ hosts: ["alice.dev.example.com"], secretName: "ws-alice-tls" }]);
  });

  it("takes a namespaced Issuer, also for the basic-auth Ingress", async () => {
    const rendered = await render(
      merge(baseValues, { workspace: { port: 8080 }, ingress: { auth: { type: "basic" }, tls: { issuer: "team-ca" } } }),
    );
    expect(rendered.get("Ingress", "-basic").metadata.annotations?.["cert-manager.io/issuer"]).toBe("team-ca");
  });

  it("adds no cert-manager annotation by default", async () => {
    const rendered = await render(baseValues);
    expect(JSON.stringify(rendered.objects)).not.toContain("cert-manager.io");
  });

  it("refuses both issuers, and an issuer without TLS", async () => {
    await expect(render(merge(baseValues, { ingress: { tls: { clusterIssuer: "a", issuer: "b" } } }))).rejects.toThrow(
      "ingress.tls: set either clusterIssuer or issuer, not both",
    );
    await expect(render(merge(baseValues, { ingress: { tls: { enabled: false, clusterIssuer: "a" } } }))).rejects.toThrow(
      "need ingress.tls.enabled",
    );
  });
});

describe("the chart README's real-workspace command", () => {
  let dir: string;
  let command: string;

  beforeAll(async () => {
    const readme = await readFile(path.join(chartDir, "README.md"), "utf8");
    const from = readme.indexOf("For a real workspace");
    command = /```bash\n([\s\S]*?)```/.exec(readme.slice(from))?.[1] as string;
    expect(command).toContain("helm upgrade --install alice-workspace");
    // A clone's layout, as the README's words ask: deployments/alice/values.yaml from the example.
    dir = await mkdtemp(path.join(tmpdir(), "ws-readme-"));
    await symlink(path.join(repoRoot, "charts"), path.join(dir, "charts"));
    await mkdir(path.join(dir, "deployments", "alice"), { recursive: true });
    await copyFile(path.join(repoRoot, "deployments/example/values.yaml"), path.join(dir, "deployments/alice/values.yaml"));
    // No cluster here: `helm` is real helm's client-side install, with what needs a cluster dropped.
    const bin = path.join(dir, "bin");
    await mkdir(bin);
    await writeFile(
      path.join(bin, "helm"),
      [
        "#!/bin/bash",
        'args=(); while [ $# -gt 0 ]; do case "$1" in',
        '  upgrade) shift; [ "$1" = --install ] && shift; args+=(install) ;;',
        "  --wait) shift ;; --history-max) shift 2 ;;",
        '  *) args+=("$1"); shift ;; esac; done',
        `exec '${helmPath}' "\${args[@]}" --dry-run=client`,
      ].join("\n"),
    );
    await chmod(path.join(bin, "helm"), 0o755);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = () =>
    promisify(execFile)("bash", ["-c", command], {
      cwd: dir,
      env: { PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, HOME: dir, KUBECONFIG: path.join(dir, "none") },
      maxBuffer: 64 * 1024 * 1024,
    });

  it("works as written without the optional secrets file", async () => {
    const { stdout } = await run();
    expect(stdout).toContain("NAME: alice-workspace");
    expect(stdout).not.toContain("claude-secrets-");
  });

  it("and passes the secrets file when it exists", async () => {
    await mkdir(path.join(dir, "secrets", "alice"), { recursive: true });
    await writeFile(path.join(dir, "secrets/alice/claude.yaml"), "claude:\n  apiKey: sk-ant-readme-test\n");
    const { stdout } = await run();
    expect(stdout).toContain("kind: Secret");
    expect(stdout).toContain(Buffer.from("sk-ant-readme-test").toString("base64"));
  });
});
