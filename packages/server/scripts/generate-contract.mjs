#!/usr/bin/env node
/**
 * Turns openapi.yaml into the code that enforces it:
 * - packages/server/src/generated/schemas.ts: a zod schema per component (request and response);
 * - packages/server/src/generated/routes.ts: a @hono/zod-openapi route per operation (method,
 *   path, parameters, body, every response with its headers);
 * - packages/server/src/generated/doors.ts: which doors serve each operation, from its
 *   `security` (operation-doors.mjs; an operation without `security` fails generation);
 * - packages/sdk/src/generated/contract.ts: the spec's enums, patterns, limits, header names and
 *   webhook events as plain data (contract/contract-data.mjs).
 *
 * Why our own script: @hey-api/openapi-ts 0.99 (zod plugin) was tried first. Its output
 * ignores `additionalProperties: false` (unknown request fields would pass), drops
 * `propertyNames`, writes the `\u0000-\u001f` of a pattern as raw control characters, does not
 * coerce query integers, and its resolvers do not see `x-` extensions, so the error messages
 * below could not be carried. The subset of JSON Schema openapi.yaml uses is small.
 *
 * Schemas become zod in contract/to-zod.mjs (error messages from `x-error-message`, `allOf`
 * merged into one object); a keyword it does not handle stops generation
 * (contract/schema-keywords.mjs).
 *
 * `generateContract(specText)` returns { relativePath: content }; run as a script it writes
 * them (`--check`: exits 1 when a committed file differs).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { contractModule } from "./contract/contract-data.mjs";
import { schemaVar, zodTranslator } from "./contract/to-zod.mjs";
import { doorsModule, operationDoors } from "./operation-doors.mjs";

const HEADER =
  "// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.\n";
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

const str = (value) => JSON.stringify(value);

/**
 * The translator for the spec being generated, set by generateContract (allOf members are
 * resolved against its components); the module-level binding keeps the route emission's
 * calls as they were.
 */
let toZod;

/** Component schemas in an order where each comes after the ones it refers to. */
function componentsInOrder(components) {
  const compiled = new Map();
  for (const [name, schema] of Object.entries(components)) {
    const deps = new Set();
    compiled.set(name, {
      code: toZod(schema, deps, undefined, `components.schemas.${name}`),
      deps,
      description: schema.description,
    });
  }
  const ordered = [];
  const visiting = new Set();
  const visit = (name) => {
    if (ordered.includes(name)) return;
    if (visiting.has(name)) throw new Error(`schema ${name} refers to itself`);
    visiting.add(name);
    for (const dep of compiled.get(name).deps) visit(dep);
    ordered.push(name);
  };
  for (const name of compiled.keys()) visit(name);
  return ordered.map((name) => [name, compiled.get(name)]);
}

const jsdoc = (text) =>
  text
    ? `/**\n${text
        .trim()
        .split("\n")
        .map((line) => ` * ${line}`.trimEnd())
        .join("\n")}\n */\n`
    : "";

function schemasModule(spec) {
  const lines = [HEADER, 'import { z } from "@hono/zod-openapi";\n'];
  for (const [name, { code, description }] of componentsInOrder(spec.components.schemas)) {
    lines.push(`${jsdoc(description)}export const ${schemaVar(name)} = ${code}.openapi(${str(name)});`);
    // A type named like a global (Error) would shadow it wherever it is imported.
    if (!(name in globalThis)) lines.push(`export type ${name} = z.output<typeof ${schemaVar(name)}>;`);
    lines.push("");
  }
  return `${lines.join("\n")}`;
}

function resolve(spec, node) {
  if (!node?.$ref) return node;
  return resolve(
    spec,
    node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc, key) => acc?.[key], spec),
  );
}

/** `{name: zod}` for the parameters of one location, or undefined when there are none. */
function parameterObject(params, where, deps) {
  const fields = params
    .filter((p) => p.in === where)
    .map((p) => {
      const zod = toZod(p.schema, deps, where === "header" ? undefined : p.name);
      return `${str(p.name)}: ${p.required ? zod : `${zod}.optional()`}`;
    });
  return fields.length ? `z.object({ ${fields.join(", ")} })` : undefined;
}

function content(contentMap, deps) {
  const entries = Object.entries(contentMap ?? {}).map(
    ([type, media]) => `${str(type)}: { schema: ${toZod(media.schema, deps)} }`,
  );
  return `{ ${entries.join(", ")} }`;
}

function routesModule(spec) {
  const deps = new Set();
  const routes = [];
  for (const [routePath, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(spec, p));
      const request = [];
      for (const [key, where] of [
        ["params", "path"],
        ["query", "query"],
        ["headers", "header"],
      ]) {
        const object = parameterObject(params, where, deps);
        if (object) request.push(`${key}: ${object}`);
      }
      if (op.requestBody) {
        const body = resolve(spec, op.requestBody);
        request.push(`body: { required: ${body.required === true}, content: ${content(body.content, deps)} }`);
      }
      const responses = Object.entries(op.responses).map(([status, ref]) => {
        const response = resolve(spec, ref);
        const parts = [`description: ${str(response.description)}`];
        if (response.headers) {
          const headers = Object.entries(response.headers).map(([name, header]) => {
            const h = resolve(spec, header);
            const zod = toZod(h.schema, deps);
            return `${str(name)}: ${h.required ? zod : `${zod}.optional()`}`;
          });
          parts.push(`headers: z.object({ ${headers.join(", ")} })`);
        }
        if (response.content) parts.push(`content: ${content(response.content, deps)}`);
        return `    ${status}: { ${parts.join(", ")} },`;
      });
      const config = [
        `  method: ${str(method)},`,
        `  path: ${str(routePath)},`,
        `  operationId: ${str(op.operationId)},`,
        op.tags ? `  tags: ${str(op.tags)},` : undefined,
        `  summary: ${str(op.summary)},`,
        `  security: security(${op.security.map(str).join(", ")}),`,
        request.length ? `  request: { ${request.join(", ")} },` : undefined,
        `  responses: {\n${responses.join("\n")}\n  },`,
      ].filter(Boolean);
      routes.push(`export const ${op.operationId} = createRoute({\n${config.join("\n")}\n});\n`);
    }
  }
  const imports = [...deps].sort().map(schemaVar);
  return [
    HEADER,
    'import { createRoute, z } from "@hono/zod-openapi";',
    `import { ${imports.join(", ")} } from "./schemas.js";\n`,
    "/** An operation's security requirements as one list type (literals of different schemes would not fit RouteConfig). */",
    "const security = (...alternatives: Array<Record<string, string[]>>) => alternatives;\n",
    ...routes,
  ].join("\n");
}

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Formats generated code with the repository's biome settings, so people can read it. */
function format(code) {
  const biome = path.join(repoRoot, "node_modules", ".bin", "biome");
  const result = spawnSync(biome, ["format", "--stdin-file-path=generated.ts"], { input: code, encoding: "utf8", cwd: repoRoot });
  if (result.status !== 0) throw new Error(`biome could not format generated code: ${result.stderr}`);
  return result.stdout;
}

/** Every file generated from the spec text, by path from the repository root. */
export function generateContract(specText) {
  const spec = parse(specText);
  // First, so that an operation without `security` fails generation (operation-doors.mjs).
  operationDoors(spec);
  toZod = zodTranslator(spec.components.schemas);
  return {
    "packages/server/src/generated/schemas.ts": format(schemasModule(spec)),
    "packages/server/src/generated/routes.ts": format(routesModule(spec)),
    "packages/server/src/generated/doors.ts": format(doorsModule(spec, HEADER)),
    "packages/sdk/src/generated/contract.ts": format(`${HEADER}${contractModule(spec)}`),
    // The JSON form too, made here: the yaml parser would be the server bundle's second-largest
    // dependency, for one answer (the chart's ConfigMaps bound the bundle's size).
    "packages/server/src/generated/openapi-spec.ts": `${HEADER}export const OPENAPI_YAML: string = ${JSON.stringify(specText)};\nexport const OPENAPI_JSON: string = ${JSON.stringify(JSON.stringify(spec))};\n`,
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = repoRoot;
  const files = generateContract(readFileSync(path.join(root, "openapi.yaml"), "utf8"));
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, file);
    if (!check) writeFileSync(target, text);
    else if (
      (() => {
        try {
          return readFileSync(target, "utf8");
        } catch {
          return undefined;
        }
      })() !== text
    ) {
      process.stderr.write(`${file} is stale: run \`npm run generate\`\n`);
      stale++;
    }
  }
  if (stale) process.exit(1);
}
