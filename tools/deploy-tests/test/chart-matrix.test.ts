// Every documented configuration lints clean (--strict), renders, and yields exactly the
// objects it should, each valid against the Kubernetes schema of its kind.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseValues, chartDir, helm, merge, render, repoRoot, withValues } from "./support/helm.js";
import { validateObject } from "./support/k8s.js";

const exampleValues = parse(readFileSync(path.join(repoRoot, "deployments/example/values.yaml"), "utf8")) as object;

interface Case {
  values: object;
  /** kind/name of every object the release must contain, and nothing else. */
  objects: string[];
}

const always = [
  "ConfigMap/ws-alice-task-api",
  "ConfigMap/ws-alice-task-api-part2",
  "ConfigMap/ws-alice-task-api-part3",
  "Deployment/ws-alice",
  "Service/ws-alice",
];
const oauth2Ingresses = ["Ingress/ws-alice-claude-api", "Ingress/ws-alice-oauth2"];
const pvc = "PersistentVolumeClaim/ws-alice-home";
const netpol = "NetworkPolicy/ws-alice";
const secret = "Secret/claude-secrets-alice";
const webhookSecret = "Secret/ws-alice-webhook";

const cases: Record<string, Case> = {
  "oauth2 (default), no API key, persistence on": {
    values: {},
    objects: [...always, ...oauth2Ingresses, pvc, netpol],
  },
  "oauth2 with API key": {
    values: { claude: { apiKey: "sk-ant-api03-test" } },
    objects: [...always, ...oauth2Ingresses, pvc, netpol, secret],
  },
  "oauth2 with workspace UI, snippet header clearing, no TLS": {
    values: {
      workspace: { port: 8080, command: ["code-server", "--bind-addr", "0.0.0.0:8080"] },
      ingress: { tls: { enabled: false }, claudeApi: { clearIdentityHeaders: true } },
    },
    objects: [...always, ...oauth2Ingresses, pvc, netpol],
  },
  "basic auth, Task API only (no ingress at all)": {
    values: { ingress: { auth: { type: "basic" } } },
    objects: [...always, pvc, netpol],
  },
  "basic auth with workspace UI and API key": {
    values: {
      ingress: { auth: { type: "basic", basic: { secretName: "alice-htpasswd" } } },
      workspace: { port: 8080 },
      claude: { apiKey: "sk-ant-api03-test" },
    },
    objects: [...always, "Ingress/ws-alice-basic", pvc, netpol, secret],
  },
  "persistence off (emptyDir)": {
    values: { persistence: { enabled: false } },
    objects: [...always, ...oauth2Ingresses, netpol],
  },
  "existing claim": {
    values: { persistence: { existingClaim: "alice-home-2024" } },
    objects: [...always, ...oauth2Ingresses, netpol],
  },
  "ingress and network policy off": {
    values: { host: "", ingress: { enabled: false }, networkPolicy: { enabled: false } },
    objects: [...always, pvc],
  },
  "scheduling, resources, pull secrets, explicit claude binary": {
    values: {
      nodeSelector: { "workload/type": "dev" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "dev", effect: "NoSchedule" }],
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
      resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "16Gi" } },
      imagePullSecrets: [{ name: "regcred" }],
      podAnnotations: { "example.com/team": "platform" },
      taskApi: { claudeBin: "/usr/local/bin/claude", tmuxSocket: "/tmp/tasks.sock" },
      claude: { install: false },
      persistence: { storageClass: "fast-ssd", size: "100Gi" },
    },
    objects: [...always, ...oauth2Ingresses, pvc, netpol],
  },
  "queue, retention, task limits and webhooks with a secret": {
    values: {
      taskApi: {
        maxConcurrentTasks: 2,
        retentionDays: 14,
        permissionMode: "acceptEdits",
        allowedPermissionModes: ["plan", "acceptEdits"],
        maxTimeoutSeconds: 86400,
        defaultTimeoutSeconds: 3600,
        webhooks: {
          secret: "0123456789abcdef0123",
          allowedHosts: ["hooks.example.com", "*.ci.example.com"],
          maxAttempts: 3,
          timeoutMs: 5000,
        },
      },
    },
    objects: [...always, ...oauth2Ingresses, pvc, netpol, webhookSecret],
  },
  "webhooks from an existing Secret, with API key": {
    values: {
      claude: { apiKey: "sk-ant-api03-test" },
      taskApi: { webhooks: { existingSecret: "alice-webhooks", allowedHosts: ["hooks.example.com"] } },
    },
    objects: [...always, ...oauth2Ingresses, pvc, netpol, secret],
  },
  "Gateway API routes instead of Ingresses, with a workspace UI and a ServiceAccount of its own": {
    values: {
      gateway: { enabled: true, parentRefs: [{ name: "shared", namespace: "gateway-system", sectionName: "https" }] },
      ingress: { enabled: false, auth: { oauth2: { proxySecretName: "alice-proxy" } } },
      workspace: { port: 8080 },
      serviceAccount: { create: true },
    },
    objects: [...always, "HTTPRoute/ws-alice-claude-api", "HTTPRoute/ws-alice-oauth2", "ServiceAccount/ws-alice", pvc, netpol],
  },
  "API key from an existing Secret, egress unrestricted": {
    values: { claude: { existingSecret: "alice-anthropic" }, networkPolicy: { egress: { enabled: false } } },
    objects: [...always, ...oauth2Ingresses, pvc, netpol],
  },
  "deployments/example/values.yaml": {
    values: merge(exampleValues, { user: "alice", host: "alice.dev.example.com" }),
    objects: [...always, ...oauth2Ingresses, pvc, netpol],
  },
};

describe.each(Object.entries(cases))("%s", (_name, { values, objects }) => {
  const full = merge(baseValues, values);

  it("passes helm lint --strict", async () => {
    const result = await withValues(full, (file) => helm(["lint", "--strict", chartDir, "-f", file]));
    expect(result.stderr + result.stdout).not.toMatch(/\[(ERROR|WARNING)\]/);
    expect(result.code).toBe(0);
  });

  it("renders exactly the expected objects, each valid for Kubernetes", async () => {
    const rendered = await render(full);
    const names = rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.sort()).toEqual([...objects].sort());
    for (const obj of rendered.objects) {
      validateObject(obj);
      expect(obj.metadata.labels?.app).toBe("ws-alice");
    }
  });
});

it("the example deployment values pass lint as they are", async () => {
  const result = await helm(["lint", "--strict", chartDir, "-f", path.join(repoRoot, "deployments/example/values.yaml")]);
  expect(result.code, result.stdout + result.stderr).toBe(0);
});
