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
    ["no host with ingress on", { host: "" }, "at '/host'"],
    ["an API key that is not a string", { claude: { apiKey: 12345 } }, "at '/claude/apiKey'"],
    ["a bad volume size", { persistence: { size: "20 gigs" } }, "at '/persistence/size'"],
  ])("rejects %s", async (_what, values, message) => {
    expect(await installError(merge(baseValues, values))).toContain(message);
  });

  it("names every required value when none is given", async () => {
    const message = await installError({});
    for (const at of ["at '/user'", "at '/image/repository'", "at '/image/tag'", "at '/host'"]) {
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
