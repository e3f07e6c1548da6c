/**
 * openapi.yaml is the source of the contract; the server's schemas and routes, and the
 * constraints the SDK, CLI and task store use, are generated from it and committed. These
 * tests fail when a committed file is not what the spec generates today (`npm run generate`
 * fixes that), and when the server does not serve every operation the spec declares.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateContract } from "../scripts/generate-contract.mjs";
import { createApp } from "../src/app.js";
import type { Services } from "../src/http/app-env.js";

type Files = Record<string, string>;
const root = fileURLToPath(new URL("../../../", import.meta.url));
const specText = readFileSync(`${root}openapi.yaml`, "utf8");
const generate = generateContract;
const fresh = generate(specText);

/** The generated files that differ from the committed ones. */
const staleFiles = (files: Files) => Object.keys(files).filter((file) => readFileSync(`${root}${file}`, "utf8") !== files[file]);

describe("the generated contract", () => {
  it("is what openapi.yaml generates today (run `npm run generate` when this fails)", () => {
    expect(Object.keys(fresh).length).toBeGreaterThanOrEqual(4);
    expect(staleFiles(fresh)).toEqual([]);
  });

  it("goes stale when a limit in openapi.yaml changes (the check can fail)", () => {
    const mutated = specText.replace("maxItems: 100", "maxItems: 99");
    expect(mutated).not.toBe(specText);
    const files = generate(mutated);
    expect(staleFiles(files)).toEqual(
      expect.arrayContaining(["packages/server/src/generated/schemas.ts", "packages/sdk/src/generated/contract.ts"]),
    );
    expect(files["packages/server/src/generated/schemas.ts"]).toContain(".max(99)");
  });

  it("goes stale when an error message in openapi.yaml changes", () => {
    const mutated = specText.replace("tail must be a whole number", "tail must be an integer");
    expect(staleFiles(generate(mutated))).toContain("packages/server/src/generated/routes.ts");
  });
});

describe("the generator", () => {
  it("stops on a schema keyword it does not handle instead of dropping it", () => {
    const mutated = specText.replace(
      "          minimum: 1\n          maximum: 1000\n",
      "          minimum: 1\n          maximum: 1000\n          multipleOf: 5\n",
    );
    expect(mutated).not.toBe(specText);
    expect(() => generate(mutated)).toThrow(
      /components\.schemas\.RunOptions\.max_turns: the generator does not handle the schema keyword "multipleOf"/,
    );
  });

  it("stops on a string format it cannot check", () => {
    const mutated = specText.replace("          format: uri\n", "          format: email\n");
    expect(mutated).not.toBe(specText);
    expect(() => generate(mutated)).toThrow(/does not handle format "email"/);
  });

  it("defines the run options once: a limit of RunOptions reaches both request bodies", () => {
    const mutated = specText.replace(
      "          minimum: 1\n          maximum: 1000\n",
      "          minimum: 1\n          maximum: 999\n",
    );
    const schemas = generate(mutated)["packages/server/src/generated/schemas.ts"] ?? "";
    const bodies = ["RunOptionsSchema", "CreateTaskRequestSchema", "MessageRequestSchema"].map((name) =>
      schemas.slice(
        schemas.indexOf(`export const ${name} =`),
        schemas.indexOf("openapi(", schemas.indexOf(`export const ${name} =`)),
      ),
    );
    for (const body of bodies) expect(body).toContain("max_turns: z.int().min(1).max(999)");
  });

  it("refuses additionalProperties: false inside allOf (it would refuse the other members' fields)", () => {
    const mutated = specText.replace(
      "      allOf:\n        - type: object\n          required: [prompt]\n",
      "      allOf:\n        - type: object\n          additionalProperties: false\n          required: [prompt]\n",
    );
    expect(mutated).not.toBe(specText);
    expect(() => generate(mutated)).toThrow(/put unevaluatedProperties: false beside the allOf/);
  });

  it("makes a merged allOf strict with unevaluatedProperties: false, and accepts every member's fields", async () => {
    const { CreateTaskRequestSchema, MessageRequestSchema } = await import("../src/generated/schemas.js");
    expect(CreateTaskRequestSchema.safeParse({ prompt: "p", max_turns: 3, labels: { a: "b" } }).success).toBe(true);
    expect(CreateTaskRequestSchema.safeParse({ prompt: "p", bogus: 1 }).success).toBe(false);
    expect(MessageRequestSchema.safeParse({ prompt: "p", approvals: true }).success).toBe(true);
    expect(MessageRequestSchema.safeParse({ prompt: "p", labels: { a: "b" } }).success).toBe(false);
    expect(MessageRequestSchema.safeParse({ max_turns: 3 }).success).toBe(false);
  });
});

describe("the spec's named subsets", () => {
  const schemas = parse(specText).components.schemas;
  it("FinishedStatus lists task statuses that are also run states", () => {
    for (const status of schemas.FinishedStatus.enum) {
      expect(schemas.TaskStatus.enum).toContain(status);
      expect(schemas.RunState.enum).toContain(status);
    }
  });

  it("the webhooks section names each WebhookEventName once, and every webhook carries a WebhookPayload", () => {
    const spec = parse(specText);
    expect(Object.keys(spec.webhooks).sort()).toEqual([...schemas.WebhookEventName.enum].sort());
    for (const item of Object.values(spec.webhooks) as {
      post: { requestBody: { content: Record<string, { schema: unknown }> } };
    }[]) {
      expect(item.post.requestBody.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/WebhookPayload" });
    }
  });

  it("AskingPermissionMode lists permission modes a run accepts", () => {
    for (const mode of schemas.AskingPermissionMode.enum)
      expect(schemas.RunOptions.properties.permission_mode.enum).toContain(mode);
  });
});

describe("the doors generated from each operation's security", () => {
  /** openapi.yaml with createDashboardLink's `security` replaced by `lines` (none: removed). */
  const withLinkSecurity = (...lines: string[]) => {
    const declared =
      '      summary: A one-time sign-in link for the dashboard at /claude/\n      security:\n        - bearerAuth: ["admin"]\n';
    expect(specText).toContain(declared);
    const replaced = lines.length ? `      security:\n${lines.map((l) => `        ${l}\n`).join("")}` : "";
    return specText.replace(declared, `      summary: A one-time sign-in link for the dashboard at /claude/\n${replaced}`);
  };

  it("fail generation for an operation that declares no security", () => {
    expect(() => generate(withLinkSecurity())).toThrow(
      /POST \/api\/claude\/dashboard\/links \(createDashboardLink\) declares no `security`/,
    );
  });

  it.each([
    [["- cookieAuth: []"], /unknown security scheme cookieAuth/],
    [["- dashboardSession: [admin]"], /unknown scope\(s\) admin/],
    [["- bearerAuth: [owner]"], /bearerAuth must name the one scope a token needs to call it/],
    // A new operation cannot be added without its scope; the message says what to write.
    [
      ["- bearerAuth: []"],
      /bearerAuth must name the one scope .*`- bearerAuth: \["tasks:read"\]` \(one of tasks:read, tasks:write/,
    ],
    [['- bearerAuth: ["tasks:read", "admin"]'], /bearerAuth must name the one scope/],
    [["- {}", '- bearerAuth: ["tasks:read"]'], /anyone and bearerAuth share one path/],
    [['- bearerAuth: ["tasks:read"]', '- bearerAuth: ["tasks:read"]'], /a door is named twice/],
  ])("fail generation for security %j", (lines, message) => {
    expect(() => generate(withLinkSecurity(...lines))).toThrow(message);
  });

  it("fail generation for a bearer operation that does not declare the 403 of a missing scope", () => {
    const forbidden = /(operationId: createDashboardLink[\s\S]*?"401":\n.*\n)( {8}"403":\n.*\n)/;
    expect(specText).toMatch(forbidden);
    expect(() => generate(specText.replace(forbidden, "$1"))).toThrow(/its doors may answer 403, which it does not declare/);
  });

  it("emit each bearer operation's scope into the generated table", () => {
    const files = generate(withLinkSecurity('- bearerAuth: ["tasks:purge"]'));
    expect(files["packages/server/src/generated/doors.ts"]).toMatch(
      /createDashboardLink: \{[\s\S]*?served: \[[^\]]*\],\s*scope: "tasks:purge"/,
    );
  });

  it("serve a new door of an operation once its security names it", () => {
    const files = generate(withLinkSecurity('- bearerAuth: ["admin"]', "- dashboardSession: []"));
    expect(files["packages/server/src/generated/doors.ts"]).toContain('path: "/claude/api/claude/dashboard/links"');
    expect(staleFiles(files)).toContain("packages/server/src/generated/doors.ts");
  });
});

describe("the server", () => {
  const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];
  const operationIds = (doc: { paths: Record<string, Record<string, { operationId?: string }>> }) =>
    Object.values(doc.paths)
      .flatMap((item) => HTTP_METHODS.map((method) => item[method]?.operationId))
      .filter((id): id is string => id !== undefined)
      .sort();

  it("serves every operation of openapi.yaml, and no other", () => {
    const served = createApp({} as Services, { maxBodyBytes: 1024 }).getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "served", version: "0" },
    });
    expect(operationIds(served as never)).toEqual(operationIds(parse(specText)));
  });

  it("publishes openapi.yaml itself", async () => {
    const { OPENAPI_YAML } = await import("../src/generated/openapi-spec.js");
    expect(OPENAPI_YAML).toBe(specText);
  });
});
