/**
 * openapi.yaml is the source of truth. This test fails when the server's routes (as
 * @hono/zod-openapi describes them) disagree with it on any path, method, status,
 * parameter, body, security requirement or schema.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApp } from "../src/app.js";
import type { Services } from "../src/http/app-env.js";

type Json = Record<string, unknown>;
const SCHEMA_KEYS = [
  "type",
  "properties",
  "required",
  "enum",
  "items",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "additionalProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "format",
  "const",
];
const HTTP_METHODS = ["get", "post", "put", "patch", "delete"];

function resolver(doc: Json) {
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (!node || typeof node !== "object") return node;
    const ref = (node as Json).$ref;
    if (typeof ref === "string") {
      const target = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>((acc, key) => (acc as Json)?.[key], doc);
      if (target === undefined) throw new Error(`unresolvable ${ref}`);
      return resolve(target);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

/** Keeps only what a schema says about valid data (no descriptions or examples). */
function schemaShape(schema: unknown): unknown {
  if (!schema || typeof schema !== "object") return schema;
  const s = schema as Json;
  const out: Json = {};
  for (const key of SCHEMA_KEYS) {
    if (!(key in s)) continue;
    const value = s[key];
    if (key === "properties") {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, schemaShape(v)]));
    } else if (key === "items" || (key === "additionalProperties" && typeof value === "object")) {
      out[key] = schemaShape(value);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = (value as unknown[]).map(schemaShape);
    } else if (key === "required" || key === "enum") {
      out[key] = [...(value as string[])].sort();
    } else out[key] = value;
  }
  // `const: x` and `enum: [x]` say the same thing.
  if ("const" in out) {
    out.enum = [out.const];
    delete out.const;
  }
  // zod adds the safe-integer bounds to every integer; they say nothing the type does not.
  if (out.type === "integer") {
    if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
    if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  }
  return out;
}

function operations(doc: Json) {
  const resolved = resolver(doc)(doc) as Json;
  const rootSecurity = resolved.security ?? [];
  const result: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(resolved.paths as Json)) {
    const pathParams = ((item as Json).parameters as Json[] | undefined) ?? [];
    for (const method of HTTP_METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      const params = [...pathParams, ...((op.parameters as Json[] | undefined) ?? [])]
        .map((p) => ({ name: p.name, in: p.in, required: p.required ?? false, schema: schemaShape(p.schema) }))
        .sort((a, b) => `${a.in}:${a.name}`.localeCompare(`${b.in}:${b.name}`));
      const content = (c: unknown) =>
        Object.fromEntries(
          Object.entries((c as Json | undefined) ?? {}).map(([type, m]) => [type, schemaShape((m as Json).schema)]),
        );
      const body = op.requestBody as Json | undefined;
      result[`${method.toUpperCase()} ${path}`] = {
        operationId: op.operationId,
        security: op.security ?? rootSecurity,
        parameters: params,
        requestBody: body ? { required: body.required ?? false, content: content(body.content) } : undefined,
        responses: Object.fromEntries(
          Object.entries(op.responses as Json).map(([status, r]) => [status, content((r as Json).content)]),
        ),
      };
    }
  }
  return result;
}

const specPath = fileURLToPath(new URL("../../../openapi.yaml", import.meta.url));
const spec = parse(readFileSync(specPath, "utf8")) as Json;
const served = createApp({} as Services, { maxBodyBytes: 1024 }).getOpenAPI31Document({
  openapi: "3.1.0",
  info: { title: "served", version: "0" },
}) as unknown as Json;

describe("openapi.yaml and the server agree", () => {
  const fromSpec = operations(spec);
  const fromServer = operations(served);

  it("on the set of operations", () => {
    expect(Object.keys(fromServer).sort()).toEqual(Object.keys(fromSpec).sort());
  });

  for (const key of Object.keys(fromSpec)) {
    it(`on ${key}`, () => {
      expect(fromServer[key]).toEqual(fromSpec[key]);
    });
  }

  it("notices a difference (the comparison is not vacuous)", () => {
    const changed = structuredClone(spec);
    ((changed.components as Json).schemas as Json).CreateTaskRequest = { type: "object" };
    expect(operations(changed)["POST /api/claude/tasks"]).not.toEqual(fromServer["POST /api/claude/tasks"]);
  });
});

describe("the spec the server serves", () => {
  it("is the committed copy of openapi.yaml (regenerate with `npm run generate`)", async () => {
    const { OPENAPI_YAML } = await import("../src/generated/openapi-spec.js");
    expect(OPENAPI_YAML).toBe(readFileSync(specPath, "utf8"));
  });
});
