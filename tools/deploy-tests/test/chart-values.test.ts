// values.schema.json: a typo or a bad value fails `helm install` with a message that names it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseValues, chartDir, helm, merge, withValues } from "./support/helm.js";

async function installError(values: object): Promise<string> {
  const result = await withValues(values, (file) =>
    helm(["install", "ws", chartDir, "--dry-run=client", "--namespace", "coder", "-f", file]),
  );
  expect(result.code, "helm install should have failed").not.toBe(0);
  return result.stderr;
}

describe("values.schema.json", () => {
  it.each([
    ["a misspelt key", { ingress: { auth: { typ: "basic" } } }, "at '/ingress/auth': additional properties 'typ' not allowed"],
    ["a misspelt top-level key", { persistance: { enabled: false } }, "additional properties 'persistance' not allowed"],
    [
      "an unknown auth type",
      { ingress: { auth: { type: "saml" } } },
      "at '/ingress/auth/type': value must be one of 'basic', 'oauth2'",
    ],
    ["an unknown permission mode", { taskApi: { permissionMode: "yolo" } }, "at '/taskApi/permissionMode'"],
    ["a port as a string", { taskApi: { port: "6080" } }, "at '/taskApi/port'"],
    ["root", { securityContext: { runAsUser: 0 } }, "at '/securityContext/runAsUser'"],
    ["a relative home", { home: "home/dev" }, "at '/home'"],
    ["a user that is no DNS label", { user: "Alice_B" }, "at '/user'"],
    ["a URL as host", { host: "https://alice.dev.example.com" }, "at '/host'"],
    ["an image tag with a space", { image: { tag: "1.0 beta" } }, "at '/image/tag'"],
    ["an empty image repository", { image: { repository: "" } }, "at '/image/repository'"],
    [
      "no host with the Gateway API routes on",
      { host: "", ingress: { enabled: false }, gateway: { enabled: true } },
      "at '/host'",
    ],
    [
      "a blocked address without a prefix length",
      { networkPolicy: { egress: { blockedCidrs: ["169.254.169.254"] } } },
      "at '/networkPolicy/egress/blockedCidrs/0'",
    ],
    ["a ServiceAccount name that is no Kubernetes name", { serviceAccount: { name: "Alice_SA" } }, "at '/serviceAccount/name'"],
    ["no host with ingress on", { host: "" }, "at '/host'"],
    ["an API key that is not a string", { claude: { apiKey: 12345 } }, "at '/claude/apiKey'"],
    ["a bad volume size", { persistence: { size: "20 gigs" } }, "at '/persistence/size'"],
    [
      "a negative task limit",
      { taskApi: { maxConcurrentTasks: -1 } },
      "at '/taskApi/maxConcurrentTasks': minimum: got -1, want 0",
    ],
    ["a task limit as a string", { taskApi: { maxConcurrentTasks: "2" } }, "at '/taskApi/maxConcurrentTasks': got string"],
    ["fractional retention days", { taskApi: { retentionDays: 0.5 } }, "at '/taskApi/retentionDays': got number, want integer"],
    ["negative retention days", { taskApi: { retentionDays: -1 } }, "at '/taskApi/retentionDays': minimum: got -1, want 0"],
    [
      "an unknown allowed permission mode",
      { taskApi: { allowedPermissionModes: ["plan", "yolo"] } },
      "at '/taskApi/allowedPermissionModes/1': value must be one of 'default', 'acceptEdits', 'plan', 'bypassPermissions'",
    ],
    [
      "allowed permission modes as one string",
      { taskApi: { allowedPermissionModes: "plan,default" } },
      "at '/taskApi/allowedPermissionModes': got string, want array",
    ],
    [
      "a repeated allowed permission mode",
      { taskApi: { allowedPermissionModes: ["plan", "plan", "bypassPermissions"] } },
      "at '/taskApi/allowedPermissionModes': items at 0 and 1 are equal",
    ],
    ["a zero maximum timeout", { taskApi: { maxTimeoutSeconds: 0 } }, "at '/taskApi/maxTimeoutSeconds': minimum: got 0, want 1"],
    [
      "a maximum timeout beyond the API's 7 days",
      { taskApi: { maxTimeoutSeconds: 604801 } },
      "at '/taskApi/maxTimeoutSeconds': maximum: got 604,801, want 604,800",
    ],
    [
      "a negative default timeout",
      { taskApi: { defaultTimeoutSeconds: -5 } },
      "at '/taskApi/defaultTimeoutSeconds': minimum: got -5, want 0",
    ],
    [
      "a webhook secret shorter than 16 characters",
      { taskApi: { webhooks: { secret: "too-short" } } },
      "at '/taskApi/webhooks/secret': minLength: got 9, want 16",
    ],
    [
      "a webhook secret that is not a string",
      { taskApi: { webhooks: { secret: 1234567890123456 } } },
      "at '/taskApi/webhooks/secret'",
    ],
    [
      "an existing Secret name that is no Kubernetes name",
      { taskApi: { webhooks: { existingSecret: "My_Secret" } } },
      "at '/taskApi/webhooks/existingSecret': 'My_Secret' does not match pattern",
    ],
    [
      "a URL as allowed webhook host",
      { taskApi: { webhooks: { allowedHosts: ["https://hooks.example.com/ci"] } } },
      "at '/taskApi/webhooks/allowedHosts/0': 'https://hooks.example.com/ci' does not match pattern",
    ],
    [
      "a host with a port as allowed webhook host",
      { taskApi: { webhooks: { allowedHosts: ["hooks.example.com:8443"] } } },
      "at '/taskApi/webhooks/allowedHosts/0'",
    ],
    [
      "comma-joined allowed webhook hosts",
      { taskApi: { webhooks: { allowedHosts: ["a.example.com,b.example.com"] } } },
      "at '/taskApi/webhooks/allowedHosts/0'",
    ],
    [
      "allowed webhook hosts as one string",
      { taskApi: { webhooks: { allowedHosts: "hooks.example.com" } } },
      "at '/taskApi/webhooks/allowedHosts': got string, want array",
    ],
    [
      "zero webhook attempts",
      { taskApi: { webhooks: { maxAttempts: 0 } } },
      "at '/taskApi/webhooks/maxAttempts': minimum: got 0, want 1",
    ],
    [
      "too many webhook attempts",
      { taskApi: { webhooks: { maxAttempts: 21 } } },
      "at '/taskApi/webhooks/maxAttempts': maximum: got 21, want 20",
    ],
    [
      "a webhook timeout under 100 ms",
      { taskApi: { webhooks: { timeoutMs: 50 } } },
      "at '/taskApi/webhooks/timeoutMs': minimum: got 50, want 100",
    ],
    [
      "a webhook timeout over 2 minutes",
      { taskApi: { webhooks: { timeoutMs: 120001 } } },
      "at '/taskApi/webhooks/timeoutMs': maximum: got 120,001, want 120,000",
    ],
    [
      "a misspelt webhook key",
      { taskApi: { webhooks: { secrets: "x" } } },
      "at '/taskApi/webhooks': additional properties 'secrets' not allowed",
    ],
  ])("rejects %s", async (_what, values, message) => {
    expect(await installError(merge(baseValues, values))).toContain(message);
  });

  // Rules across values, checked by the templates (JSON Schema cannot compare two values).
  it.each([
    [
      "a permission mode outside the allowed ones (the server would refuse to start)",
      { taskApi: { permissionMode: "bypassPermissions", allowedPermissionModes: ["plan", "acceptEdits"] } },
      'taskApi.permissionMode "bypassPermissions" must be one of taskApi.allowedPermissionModes [plan acceptEdits]',
    ],
    [
      "a default timeout above the maximum",
      { taskApi: { maxTimeoutSeconds: 3600, defaultTimeoutSeconds: 7200 } },
      "taskApi.defaultTimeoutSeconds (7200) must not exceed taskApi.maxTimeoutSeconds (3600)",
    ],
    [
      "the oauth2 door with no owner (every user of the shared proxy would be the owner)",
      { ingress: { auth: { oauth2: { allowedEmails: [] } } } },
      "ingress.auth.oauth2: set allowedEmails (or allowedUsers) to the workspace owner",
    ],
    [
      "both a webhook secret and an existing Secret",
      { taskApi: { webhooks: { secret: "0123456789abcdef", existingSecret: "alice-webhooks" } } },
      "taskApi.webhooks: set either secret or existingSecret, not both",
    ],
  ])("rejects %s", async (_what, values, message) => {
    expect(await installError(merge(baseValues, values))).toContain(message);
  });

  it.each([
    ["an empty webhook secret (webhooks off)", { taskApi: { webhooks: { secret: "" } } }],
    ["a 16-character webhook secret", { taskApi: { webhooks: { secret: "0123456789abcdef" } } }],
    ["a null task limit", { taskApi: { maxConcurrentTasks: null } }],
    ["an image tag that YAML reads as a number", { image: { tag: 20251130 } }],
    [
      "allowed hosts with wildcards and IP addresses",
      { taskApi: { webhooks: { allowedHosts: ["hooks.example.com", "*.ci.example.com", "10.0.0.7", "::1"] } } },
    ],
    ["a default timeout equal to the maximum", { taskApi: { maxTimeoutSeconds: 3600, defaultTimeoutSeconds: 3600 } }],
    ["the permission mode among the allowed ones", { taskApi: { permissionMode: "plan", allowedPermissionModes: ["plan"] } }],
  ])("accepts %s", async (_what, values) => {
    const result = await withValues(merge(baseValues, values), (file) =>
      helm(["install", "ws", chartDir, "--dry-run=client", "--namespace", "coder", "-f", file]),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names every required value when none is given", async () => {
    const message = await installError({});
    // The image has a default (the reference image), so only these two remain.
    for (const at of ["at '/user'", "at '/host'"]) {
      expect(message).toContain(at);
    }
  });

  it("accepts the defaults of values.yaml plus the required values", async () => {
    const defaults = parse(await readFile(path.join(chartDir, "values.yaml"), "utf8")) as object;
    const result = await withValues(merge(defaults, baseValues), (file) =>
      helm(["install", "ws", chartDir, "--dry-run=client", "--namespace", "coder", "-f", file]),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("values.yaml", () => {
  it("documents every value with a comment and keeps the API key empty", async () => {
    const text = await readFile(path.join(chartDir, "values.yaml"), "utf8");
    const values = parse(text) as { claude: { apiKey: string } };
    expect(values.claude.apiKey).toBe("");
    // Every top-level key is preceded by a comment line (or is a documented section header).
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (/^[a-zA-Z]+:/.test(line)) {
        const before = lines.slice(Math.max(0, i - 3), i).join("\n");
        expect(before, `${line} has no comment`).toMatch(/#/);
      }
    });
  });
});
