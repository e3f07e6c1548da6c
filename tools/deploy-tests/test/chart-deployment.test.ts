// The pod: who it runs as, what it receives in its environment, how it is probed, and how
// the server files reach it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseValues, chartDir, helm, type K8sObject, merge, render } from "./support/helm.js";

// biome-ignore lint/suspicious/noExplicitAny: manifest shape
type Any = any;

/** The Secrets of the server's secrets volume (mounted at /etc/claude-task-api/secrets), or []. */
function secretSources(pod: Any): Array<{ name: string; items: Array<{ key: string; path: string }> }> {
  const container = pod.spec.containers.find((c: Any) => c.name === "ide");
  const volume = pod.spec.volumes.find((v: Any) => v.name === "task-api-secrets");
  if (!volume) return [];
  expect(container.volumeMounts).toContainEqual({
    name: "task-api-secrets",
    mountPath: "/etc/claude-task-api/secrets",
    readOnly: true,
  });
  expect(volume.projected.defaultMode).toBe(0o440);
  return volume.projected.sources.map((source: Any) => source.secret);
}

async function podOf(values: object) {
  const rendered = await render(merge(baseValues, values));
  const deployment = rendered.get("Deployment");
  const pod = deployment.spec.template;
  const container = pod.spec.containers.find((c: Any) => c.name === "ide");
  const env = Object.fromEntries(container.env.map((e: Any) => [e.name, e.value ?? e.valueFrom]));
  return { rendered, deployment, pod, container, env };
}

describe("Anthropic API key", () => {
  it("is absent everywhere by default (Claude Code uses the OAuth login on the volume)", async () => {
    const { rendered, env, pod } = await podOf({});
    expect(env).not.toHaveProperty("ANTHROPIC_API_KEY");
    expect(rendered.find("Secret")).toBeUndefined();
    expect(pod.metadata.annotations?.["checksum/claude-secret"]).toBeUndefined();
    expect(JSON.stringify(rendered.objects)).not.toContain("sk-ant");
  });

  it("comes from the claude-secrets-<user> Secret when claude.apiKey is set, never inline", async () => {
    const key = "sk-ant-api03-abc";
    const { rendered, env, pod } = await podOf({ claude: { apiKey: key } });
    const secret = rendered.get("Secret");
    expect(secret.metadata.name).toBe("claude-secrets-alice");
    expect(secret.data).toEqual({ "api-key": Buffer.from(key).toString("base64") });
    expect(env.ANTHROPIC_API_KEY).toEqual({ secretKeyRef: { name: "claude-secrets-alice", key: "api-key" } });
    // A new key must roll the pod, or the old one stays in its environment.
    expect(pod.metadata.annotations["checksum/claude-secret"]).toMatch(/^[0-9a-f]{64}$/);
    const deployment = rendered.get("Deployment");
    expect(JSON.stringify(deployment)).not.toContain(key);
  });

  it("comes from claude.existingSecret (key api-key) without a Secret of the chart's own", async () => {
    const { rendered, env, pod } = await podOf({ claude: { existingSecret: "alice-anthropic" } });
    expect(env.ANTHROPIC_API_KEY).toEqual({ secretKeyRef: { name: "alice-anthropic", key: "api-key" } });
    expect(rendered.find("Secret")).toBeUndefined();
    expect(pod.metadata.annotations?.["checksum/claude-secret"]).toBeUndefined();
  });

  it("refuses both apiKey and existingSecret", async () => {
    await expect(podOf({ claude: { apiKey: "k", existingSecret: "s" } })).rejects.toThrow(
      "claude: set either apiKey or existingSecret, not both",
    );
  });
});

describe("image", () => {
  it("defaults to the reference image at the chart's appVersion, so user, host and the owner make a working install", async () => {
    const chart = parse(await readFile(path.join(chartDir, "Chart.yaml"), "utf8")) as { appVersion: string };
    // Exactly the command of the README, without a values file.
    const result = await helm([
      "template",
      "ws",
      chartDir,
      ...["--set", "user=alice", "--set", "host=alice.dev.example.com"],
      ...["--set", "ingress.auth.oauth2.allowedEmails={alice@example.com}"],
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`image: "ghcr.io/claude-task-api/workspace:${chart.appVersion}"`);
  });

  it("takes a tag of the user's, also one helm reads as a number (--set image.tag=20251130)", async () => {
    const { container } = await podOf({ image: { repository: "registry.example.com/workspace", tag: "1.0.0" } });
    expect(container.image).toBe("registry.example.com/workspace:1.0.0");
    const args = ["--set", "user=alice", "--set", "host=a.example.com", "--set", "image.tag=20251130"];
    args.push("--set", "ingress.auth.oauth2.allowedEmails={alice@example.com}");
    const result = await helm(["template", "ws", chartDir, ...args]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain('image: "ghcr.io/claude-task-api/workspace:20251130"');
  });
});

describe("service account", () => {
  it("mounts no API token by default, and creates no account", async () => {
    const { rendered, pod } = await podOf({});
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.serviceAccountName).toBe("default");
    expect(rendered.find("ServiceAccount")).toBeUndefined();
  });

  it("creates ws-<user> when asked, or uses a named one, with the token only when asked for", async () => {
    const created = await podOf({ serviceAccount: { create: true } });
    const account = created.rendered.get("ServiceAccount") as unknown as { automountServiceAccountToken: boolean };
    expect(created.rendered.get("ServiceAccount").metadata.name).toBe("ws-alice");
    expect(account.automountServiceAccountToken).toBe(false);
    expect(created.pod.spec.serviceAccountName).toBe("ws-alice");
    const named = await podOf({ serviceAccount: { name: "alice-deployer", automountServiceAccountToken: true } });
    expect(named.pod.spec.serviceAccountName).toBe("alice-deployer");
    expect(named.pod.spec.automountServiceAccountToken).toBe(true);
    expect(named.rendered.find("ServiceAccount")).toBeUndefined();
  });
});

describe("container", () => {
  it("runs the start-up script from the ConfigMap as the non-root dev user, with the workspace command after it", async () => {
    const command = ["code-server", "--bind-addr", "0.0.0.0:8080"];
    const { pod, container } = await podOf({ workspace: { command } });
    expect(container.command).toEqual(["/bin/sh", "/opt/claude-task-api/start-task-api.sh"]);
    expect(container.args).toEqual(command);
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(pod.spec.shareProcessNamespace).toBe(true);
  });

  it("hands the server its settings under a TASK_API_ prefix, so PORT and HOST stay out of the developer's shells", async () => {
    const { env } = await podOf({});
    expect(env).toMatchObject({
      HOME: "/home/dev",
      TASK_API_PORT: "6080",
      TASK_API_HOST: "0.0.0.0",
      TASK_API_TASKS_DIR: "/home/dev/.claude-tasks",
      TASK_API_WORKDIR_ROOT: "/home/dev",
      TASK_API_DEFAULT_WORKDIR: "/home/dev",
      TASK_API_CLAUDE_PERMISSION_MODE: "bypassPermissions",
      TASK_API_MAX_BODY_BYTES: "1048576",
      TASK_API_CLAUDE_VERSION: "2.1.328",
      TASK_API_CLAUDE_INSTALL_TIMEOUT: "300",
      TASK_API_RESTART_DELAY: "1",
      TASK_API_MAX_TIMEOUT_SECONDS: "604800",
      TASK_API_WEBHOOK_MAX_ATTEMPTS: "6",
      TASK_API_WEBHOOK_TIMEOUT_MS: "10000",
    });
    for (const name of ["PORT", "HOST", "TASKS_DIR", "CLAUDE_BIN", "TMUX_SOCKET"]) expect(env).not.toHaveProperty(name);
    expect(env).not.toHaveProperty("TASK_API_CLAUDE_BIN");
    // Unset means the server's own default: no limit, keep forever, every mode, no default timeout.
    for (const name of unsetByDefault) expect(env, name).not.toHaveProperty(name);
  });

  it("follows the task API values", async () => {
    const { env, container } = await podOf({
      home: "/home/alice",
      taskApi: { port: 7000, permissionMode: "acceptEdits", workdirRoot: "/home/alice/src", claudeBin: "/opt/claude" },
      claude: { install: false },
      workspace: { env: [{ name: "EDITOR", value: "vim" }] },
    });
    expect(env).toMatchObject({
      HOME: "/home/alice",
      TASK_API_PORT: "7000",
      TASK_API_CLAUDE_PERMISSION_MODE: "acceptEdits",
      TASK_API_WORKDIR_ROOT: "/home/alice/src",
      TASK_API_DEFAULT_WORKDIR: "/home/alice",
      TASK_API_TASKS_DIR: "/home/alice/.claude-tasks",
      TASK_API_CLAUDE_BIN: "/opt/claude",
      EDITOR: "vim",
    });
    expect(env).not.toHaveProperty("TASK_API_CLAUDE_VERSION");
    expect(container.ports).toEqual([{ name: "task-api", containerPort: 7000, protocol: "TCP" }]);
  });

  it("probes /healthz only, with a liveness probe too patient to kill tasks over a server restart", async () => {
    const { container } = await podOf({});
    // Readiness gates the whole Service, the workspace's IDE included: a Task API problem (no
    // claude, no tmux) must not take it down, so not /readyz, which reports such problems.
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(container[probe].httpGet, probe).toEqual({ path: "/healthz", port: "task-api" });
    }
    const live = container.livenessProbe;
    expect(live.periodSeconds * live.failureThreshold).toBeGreaterThanOrEqual(60);
    expect(container.readinessProbe.periodSeconds).toBeLessThanOrEqual(5);
    // The server starts before any claude install, so the allowance covers a slow node only.
    const start = container.startupProbe;
    expect(start.periodSeconds * start.failureThreshold).toBeGreaterThanOrEqual(60);
  });

  it("with a workspace UI, is ready when the UI is, whatever the Task API's state", async () => {
    const { container } = await podOf({ workspace: { port: 8080 } });
    expect(container.readinessProbe.tcpSocket).toEqual({ port: "workspace" });
    expect(container.readinessProbe.httpGet).toBeUndefined();
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "task-api" });
  });
});

const unsetByDefault = [
  "TASK_API_MAX_CONCURRENT_TASKS",
  "TASK_API_TASK_RETENTION_DAYS",
  "TASK_API_SCHEDULES_ENABLED",
  "TASK_API_ALLOWED_PERMISSION_MODES",
  "TASK_API_DEFAULT_TIMEOUT_SECONDS",
  "TASK_API_MAX_APPROVAL_TIMEOUT_SECONDS",
  "TASK_API_DAILY_BUDGET_USD",
  "TASK_API_WEBHOOK_SECRET",
  "TASK_API_WEBHOOK_ALLOWED_HOSTS",
  "TASK_API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES",
];

describe("queue, retention and task limits", () => {
  it("pass every value to the server", async () => {
    const { env } = await podOf({
      taskApi: {
        maxConcurrentTasks: 3,
        retentionDays: 30,
        schedules: { enabled: false },
        allowedPermissionModes: ["plan", "acceptEdits", "bypassPermissions"],
        maxTimeoutSeconds: 7200,
        defaultTimeoutSeconds: 1800,
        maxApprovalTimeoutSeconds: 3600,
        dailyBudgetUsd: 25.5,
        budgetTimezone: "Europe/Berlin",
        webhooks: {
          allowedHosts: ["hooks.example.com", "*.ci.example.com"],
          allowPrivateAddresses: true,
          maxAttempts: 3,
          timeoutMs: 2500,
        },
      },
    });
    expect(env).toMatchObject({
      TASK_API_MAX_CONCURRENT_TASKS: "3",
      TASK_API_TASK_RETENTION_DAYS: "30",
      TASK_API_SCHEDULES_ENABLED: "false",
      TASK_API_ALLOWED_PERMISSION_MODES: "plan,acceptEdits,bypassPermissions",
      TASK_API_MAX_TIMEOUT_SECONDS: "7200",
      TASK_API_DEFAULT_TIMEOUT_SECONDS: "1800",
      TASK_API_MAX_APPROVAL_TIMEOUT_SECONDS: "3600",
      TASK_API_DAILY_BUDGET_USD: "25.5",
      TASK_API_BUDGET_TIMEZONE: "Europe/Berlin",
      TASK_API_WEBHOOK_ALLOWED_HOSTS: "hooks.example.com,*.ci.example.com",
      TASK_API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
      TASK_API_WEBHOOK_MAX_ATTEMPTS: "3",
      TASK_API_WEBHOOK_TIMEOUT_MS: "2500",
    });
  });

  it("leave the variables unset for 0, null and empty lists (no limit, keep forever, every mode, no timeout)", async () => {
    const zero = await podOf({
      taskApi: {
        maxConcurrentTasks: 0,
        retentionDays: 0,
        allowedPermissionModes: [],
        defaultTimeoutSeconds: 0,
        maxApprovalTimeoutSeconds: 0,
        dailyBudgetUsd: 0,
      },
    });
    for (const name of unsetByDefault) expect(zero.env, name).not.toHaveProperty(name);
    const empty = await podOf({ taskApi: { maxConcurrentTasks: null, webhooks: { allowedHosts: [] } } });
    for (const name of unsetByDefault) expect(empty.env, name).not.toHaveProperty(name);
  });

  it("keeps large numbers exact (no 1e+06 float formatting)", async () => {
    const { env } = await podOf({ taskApi: { maxConcurrentTasks: 1000000, retentionDays: 3650, defaultTimeoutSeconds: 604800 } });
    expect(env).toMatchObject({
      TASK_API_MAX_CONCURRENT_TASKS: "1000000",
      TASK_API_TASK_RETENTION_DAYS: "3650",
      TASK_API_DEFAULT_TIMEOUT_SECONDS: "604800",
    });
  });
});

describe("the daily budget", () => {
  it("is off by default, with days in UTC; a whole number of dollars stays exact", async () => {
    const { env } = await podOf({});
    expect(env).not.toHaveProperty("TASK_API_DAILY_BUDGET_USD");
    expect(env.TASK_API_BUDGET_TIMEZONE).toBe("UTC");
    expect((await podOf({ taskApi: { dailyBudgetUsd: 1000000 } })).env.TASK_API_DAILY_BUDGET_USD).toBe("1000000");
  });

  it("refuses a negative budget or a time zone that is not a zone name", async () => {
    await expect(podOf({ taskApi: { dailyBudgetUsd: -1 } })).rejects.toThrow(/dailyBudgetUsd/);
    await expect(podOf({ taskApi: { budgetTimezone: "+02:00" } })).rejects.toThrow(/budgetTimezone/);
  });
});

describe("the names the Task API answers to", () => {
  it("are the public host (loopback is the server's own default), with taskApi.allowedHosts added", async () => {
    const { env } = await podOf({});
    expect(env.TASK_API_ALLOWED_HOSTS).toBe("alice.dev.example.com");
    const more = await podOf({ taskApi: { allowedHosts: ["ws-alice.dev.svc", "alice.dev.example.com"] } });
    expect(more.env.TASK_API_ALLOWED_HOSTS).toBe("alice.dev.example.com,ws-alice.dev.svc");
    const none = await podOf({ host: "", ingress: { enabled: false } });
    expect(none.env).not.toHaveProperty("TASK_API_ALLOWED_HOSTS");
  });

  it("refuses a URL or a port in taskApi.allowedHosts", async () => {
    for (const bad of ["https://ws-alice", "ws-alice:6080", "*.example.com"]) {
      await expect(podOf({ taskApi: { allowedHosts: [bad] } }), bad).rejects.toThrow(/allowedHosts/);
    }
  });
});

describe("the /oauth door", () => {
  it("trusts the proxy's identity headers for the owner alone, and only behind oauth2", async () => {
    const { env } = await podOf({ ingress: { auth: { oauth2: { allowedUsers: ["alice", "alice2"] } } } });
    expect(env).toMatchObject({
      TASK_API_TRUST_PROXY_HEADERS: "true",
      TASK_API_OAUTH_ALLOWED_USERS: "alice,alice2",
      TASK_API_OAUTH_ALLOWED_EMAILS: "alice@example.com",
    });
    expect(env).not.toHaveProperty("TASK_API_PROXY_AUTH_SECRET");
    for (const values of [{ ingress: { auth: { type: "basic" } } }, { ingress: { enabled: false } }]) {
      const other = await podOf(values);
      for (const name of ["TASK_API_TRUST_PROXY_HEADERS", "TASK_API_OAUTH_ALLOWED_USERS", "TASK_API_OAUTH_ALLOWED_EMAILS"]) {
        expect(other.env, name).not.toHaveProperty(name);
      }
    }
  });

  it("is the Gateway API browser route too: oauth2-proxy sets the headers and the secret, the pod trusts them for the owner", async () => {
    const gateway = {
      ingress: { enabled: false, auth: { oauth2: { proxySecretName: "alice-proxy" } } },
      gateway: { enabled: true, parentRefs: [{ name: "shared" }] },
    };
    const { env, rendered, pod } = await podOf(gateway);
    expect(env).toMatchObject({ TASK_API_TRUST_PROXY_HEADERS: "true", TASK_API_OAUTH_ALLOWED_EMAILS: "alice@example.com" });
    // A file from the Secret, never a variable (a task could read it in /proc/<pid>/environ).
    expect(env.TASK_API_PROXY_AUTH_SECRET_FILE).toBe("/etc/claude-task-api/secrets/proxy-secret");
    expect(env).not.toHaveProperty("TASK_API_PROXY_AUTH_SECRET");
    expect(secretSources(pod)).toEqual([{ name: "alice-proxy", items: [{ key: "proxy-secret", path: "proxy-secret" }] }]);
    // The proxy is in the request path there: it injects the secret into the upstream request.
    expect(rendered.notes).toContain("under injectRequestHeaders");
    expect(rendered.notes).toContain("Never under injectResponseHeaders");
    await expect(podOf(merge(gateway, { ingress: { auth: { oauth2: { allowedEmails: [] } } } }))).rejects.toThrow(
      "set allowedEmails (or allowedUsers) to the workspace owner",
    );
  });
});

describe("the /oauth door's proof that a request came through the proxy", () => {
  const gateway = { ingress: { enabled: false }, gateway: { enabled: true, parentRefs: [{ name: "shared" }] } };

  it.each([
    [
      "the NetworkPolicy off",
      { networkPolicy: { enabled: false } },
      "keep networkPolicy.enabled with networkPolicy.ingressControllerPodLabels",
    ],
    [
      "a policy that admits the controller's whole namespace",
      { networkPolicy: { ingressControllerPodLabels: null } },
      "keep networkPolicy.enabled with networkPolicy.ingressControllerPodLabels",
    ],
    [
      "a proxy secret that only /oauth2/auth's answer could carry",
      { ingress: { auth: { oauth2: { proxySecretName: "alice-proxy" } } } },
      "it proves nothing",
    ],
    [
      "extra peers and no workspace UI for them",
      { networkPolicy: { extraFrom: [{ podSelector: { matchLabels: { app: "x" } } }] } },
      "extra peers may reach only the workspace UI",
    ],
    ["the Gateway API route without a proxy secret", gateway, "gateway.enabled: set ingress.auth.oauth2.proxySecretName"],
    [
      "the Gateway API route without a proxy secret, even with the NetworkPolicy",
      merge(gateway, { networkPolicy: { enabled: true } }),
      "gateway.enabled: set ingress.auth.oauth2.proxySecretName",
    ],
  ])("is refused with %s", async (_name, values, message) => {
    await expect(podOf(values)).rejects.toThrow(message);
  });

  it("is the NetworkPolicy with ingress-nginx (no secret, nothing else admitted to the Task API), and needs none without the door", async () => {
    const { rendered } = await podOf({});
    expect(rendered.get("NetworkPolicy").spec.ingress).toHaveLength(1);
    expect(rendered.notes).toContain("the NetworkPolicy admits only the ingress");
    expect(rendered.notes).not.toContain("injectResponseHeaders");
    for (const values of [{ ingress: { auth: { type: "basic" } } }, { ingress: { enabled: false } }]) {
      const { env } = await podOf(merge(values, { networkPolicy: { enabled: false } }));
      expect(env).not.toHaveProperty("TASK_API_TRUST_PROXY_HEADERS");
    }
  });
});

describe("webhook secret", () => {
  const key = "whsec-0123456789abcdef";

  it("is absent by default: no Secret, no variable, callbacks refused by the server", async () => {
    const { rendered, env, pod } = await podOf({});
    expect(env).not.toHaveProperty("TASK_API_WEBHOOK_SECRET");
    expect(env).not.toHaveProperty("TASK_API_WEBHOOK_SECRET_FILE");
    expect(secretSources(pod)).toEqual([]);
    expect(rendered.find("Secret")).toBeUndefined();
    expect(pod.metadata.annotations?.["checksum/webhook-secret"]).toBeUndefined();
  });

  it("comes from the ws-<user>-webhook Secret when taskApi.webhooks.secret is set, never inline", async () => {
    const { rendered, env, pod } = await podOf({ taskApi: { webhooks: { secret: key } } });
    const secret = rendered.get("Secret", "-webhook");
    expect(secret.metadata.name).toBe("ws-alice-webhook");
    expect(secret.type).toBe("Opaque");
    expect(secret.data).toEqual({ "webhook-secret": Buffer.from(key).toString("base64") });
    // A file from the Secret, never a variable (a task could read it in /proc/<pid>/environ).
    expect(env.TASK_API_WEBHOOK_SECRET_FILE).toBe("/etc/claude-task-api/secrets/webhook-secret");
    expect(env).not.toHaveProperty("TASK_API_WEBHOOK_SECRET");
    expect(secretSources(pod)).toEqual([
      { name: "ws-alice-webhook", items: [{ key: "webhook-secret", path: "webhook-secret" }] },
    ]);
    // A new key must roll the pod: the server reads the file at its start.
    expect(pod.metadata.annotations["checksum/webhook-secret"]).toMatch(/^[0-9a-f]{64}$/);
    for (const kind of ["Deployment", "ConfigMap"]) expect(JSON.stringify(rendered.get(kind))).not.toContain(key);
    expect(JSON.stringify(rendered.objects)).not.toContain(key);
    expect(rendered.find("Secret", "claude-secrets-alice")).toBeUndefined();
  });

  it("comes from existingSecret (key webhook-secret) without a Secret of the chart's own", async () => {
    const { rendered, env, pod } = await podOf({ taskApi: { webhooks: { existingSecret: "alice-webhooks" } } });
    expect(env.TASK_API_WEBHOOK_SECRET_FILE).toBe("/etc/claude-task-api/secrets/webhook-secret");
    expect(secretSources(pod)).toEqual([{ name: "alice-webhooks", items: [{ key: "webhook-secret", path: "webhook-secret" }] }]);
    expect(rendered.find("Secret")).toBeUndefined();
    expect(pod.metadata.annotations?.["checksum/webhook-secret"]).toBeUndefined();
  });

  it("sits beside the Anthropic API key, each in its own Secret", async () => {
    const { rendered, env } = await podOf({ claude: { apiKey: "sk-ant-api03-abc" }, taskApi: { webhooks: { secret: key } } });
    expect(
      rendered.objects
        .filter((o) => o.kind === "Secret")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(["claude-secrets-alice", "ws-alice-webhook"]);
    expect(env.ANTHROPIC_API_KEY).toEqual({ secretKeyRef: { name: "claude-secrets-alice", key: "api-key" } });
    expect(env.TASK_API_WEBHOOK_SECRET_FILE).toBe("/etc/claude-task-api/secrets/webhook-secret");
  });
});

describe("volumes", () => {
  it("mounts the home PVC, or an emptyDir without persistence", async () => {
    const on = await podOf({});
    expect(on.pod.spec.volumes[0]).toEqual({ name: "home", persistentVolumeClaim: { claimName: "ws-alice-home" } });
    expect(on.container.volumeMounts[0]).toEqual({ name: "home", mountPath: "/home/dev" });
    expect(on.rendered.get("PersistentVolumeClaim").metadata.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
    expect(on.deployment.spec.strategy).toEqual({ type: "Recreate" });
    const off = await podOf({ persistence: { enabled: false } });
    expect(off.pod.spec.volumes[0]).toEqual({ name: "home", emptyDir: {} });
  });

  it("lays the ConfigMaps out as the start-up script expects: the bundle in three brotli pieces with its checksums, the runner under runner/", async () => {
    const { rendered, pod, container } = await podOf({});
    const volume = pod.spec.volumes.find((v: Any) => v.name === "task-api");
    expect(volume.projected.defaultMode).toBe(0o444);
    expect(volume.projected.sources).toEqual([
      {
        configMap: {
          name: "ws-alice-task-api",
          items: [
            { key: "main.js.br.0", path: "main.js.br.0" },
            { key: "run-task.js.br", path: "runner/run-task.js.br" },
            { key: "bundle.sha256", path: "bundle.sha256" },
            { key: "package.json", path: "package.json" },
            { key: "start-task-api.sh", path: "start-task-api.sh", mode: 0o555 },
          ],
        },
      },
      { configMap: { name: "ws-alice-task-api-part2", items: [{ key: "main.js.br.1", path: "main.js.br.1" }] } },
      { configMap: { name: "ws-alice-task-api-part3", items: [{ key: "main.js.br.2", path: "main.js.br.2" }] } },
    ]);
    expect(container.volumeMounts).toContainEqual({ name: "task-api", mountPath: "/opt/claude-task-api", readOnly: true });
    const maps = ["ws-alice-task-api", "ws-alice-task-api-part2", "ws-alice-task-api-part3"].map(
      (name) => rendered.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === name) as K8sObject,
    );
    const [first] = maps;
    const files = path.join(chartDir, "files", "server");
    // Joined, the pieces are the chart's main.js.br byte for byte; the rest as it is in the chart.
    const pieces = maps.map((o, i) => o?.binaryData?.[`main.js.br.${i}`] ?? "");
    for (const piece of pieces) expect(piece.length % 4, "each piece is whole base64").toBe(0);
    const joined = Buffer.concat(pieces.map((p) => Buffer.from(p, "base64")));
    expect(joined.equals(await readFile(path.join(files, "main.js.br")))).toBe(true);
    const runner = Buffer.from(first?.binaryData?.["run-task.js.br"] ?? "", "base64");
    expect(runner.equals(await readFile(path.join(files, "runner/run-task.js.br")))).toBe(true);
    for (const name of ["package.json", "start-task-api.sh", "bundle.sha256"]) {
      expect(first?.data?.[name], name).toBe(await readFile(path.join(files, name), "utf8"));
    }
    // Pieces of about the same weight: each object has the same room to grow.
    const sizes = maps.map((o) => JSON.stringify(o).length);
    expect(Math.max(...sizes) - Math.min(...sizes), `ConfigMaps of ${sizes.join(", ")} bytes`).toBeLessThan(5_000);
  });
});

describe("NOTES.txt", () => {
  it("tells how to get the token and makes a first call, per auth type", async () => {
    const oauth2 = (await podOf({})).rendered.notes;
    expect(oauth2).toContain("https://alice.dev.example.com/oauth/claude/");
    expect(oauth2).toContain("https://alice.dev.example.com/oauth/api/claude/auth/token");
    expect(oauth2).toContain("the NetworkPolicy admits only the ingress");
    expect(oauth2).toContain("curl -sS -X POST https://alice.dev.example.com/api/claude/tasks");
    expect(oauth2).toContain('-H "Authorization: Bearer $TOKEN"');
    const basic = (await podOf({ ingress: { auth: { type: "basic" } }, claude: { apiKey: "k" } })).rendered.notes;
    expect(basic).toContain("kubectl -n coder port-forward deployment/ws-alice 6080:6080");
    // No proxy, so no identity headers: the token from the pod's file, a dashboard link from the API.
    expect(basic).toContain("cat /home/dev/.claude-tasks/.api-token");
    expect(basic).toContain("http://127.0.0.1:6080/api/claude/dashboard/links");
    expect(basic).not.toContain("X-Auth-Request-User");
    expect(basic).toContain("claude-secrets-alice");
    // Where to watch the background claude install.
    expect(oauth2).toContain("kubectl -n coder exec deployment/ws-alice -c ide -- curl -sS http://127.0.0.1:6080/readyz");
  });
});
