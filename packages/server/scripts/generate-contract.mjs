#!/usr/bin/env node
/**
 * Turns openapi.yaml into the code that enforces it:
 * - packages/server/src/generated/schemas.ts: a zod schema per component (request and response);
 * - packages/server/src/generated/routes.ts: a @hono/zod-openapi route per operation (method,
 *   path, parameters, body, every response with its headers);
 * - packages/server/src/generated/doors.ts: which doors serve each operation, from its
 *   `security` (operation-doors.mjs; an operation without `security` fails generation);
 * - packages/sdk/src/generated/contract.ts: the spec's enums, patterns and limits as plain
 *   data, for code that must agree with the API without zod (the server's domain imports it as
 *   @claude-task-api/sdk/contract, like the CLI and the SDK: one copy).
 *
 * Why our own script: @hey-api/openapi-ts 0.99 (zod plugin) was tried first. Its output
 * ignores `additionalProperties: false` (unknown request fields would pass), drops
 * `propertyNames`, writes the `\u0000-\u001f` of a pattern as raw control characters, does not
 * coerce query integers, and its resolvers do not see `x-` extensions, so the error messages
 * below could not be carried. The subset of JSON Schema openapi.yaml uses is small.
 *
 * Error messages: `x-error-message` on a schema is the message when a value fails its type,
 * format, pattern or enum. It may instead map keywords to messages (`{maxProperties: "..."}`);
 * `{keyword}` in a message is replaced by that keyword's value. Integer parameters name
 * themselves in range errors ("tail must be at least 1").
 *
 * `generateContract(specText)` returns { relativePath: content }; run as a script it writes
 * them (`--check`: exits 1 when a committed file differs).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { doorsModule, operationDoors } from "./operation-doors.mjs";

const HEADER =
  "// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.\n";
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

const refName = (ref) => ref.split("/").pop();
const schemaVar = (name) => `${name}Schema`;
const str = (value) => JSON.stringify(value);

/** A pattern as a regex literal (JSON Schema patterns are ECMA-262; only `/` needs escaping). */
const regexLiteral = (pattern) => `/${pattern.replace(/\\.|\//g, (m) => (m === "/" ? "\\/" : m))}/`;

/** The message for `keyword` of `schema`, if openapi.yaml gives one. */
function messageFor(schema, keyword, paramName) {
  const given = schema["x-error-message"];
  let message;
  if (typeof given === "string") message = ["type", "format", "pattern", "enum"].includes(keyword) ? given : undefined;
  else if (given && typeof given === "object") message = given[keyword];
  if (message === undefined && paramName && keyword === "minimum") message = `${paramName} must be at least {minimum}`;
  if (message === undefined && paramName && keyword === "maximum") message = `${paramName} must be at most {maximum}`;
  return message?.replace(/\{(\w+)\}/g, (whole, key) => (key in schema ? String(schema[key]) : whole));
}

const withMessage = (message) => (message === undefined ? "" : `, ${str(message)}`);

/**
 * One zod expression for a JSON Schema. `param` (a parameter's name) makes integers coerce
 * from the URL's text; `deps` collects the components it refers to.
 */
function toZod(schema, deps, param) {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    deps.add(name);
    return schemaVar(name);
  }
  const msg = (keyword) => messageFor(schema, keyword, param);
  if (schema.allOf) return schema.allOf.map((s) => toZod(s, deps, param)).reduce((a, b) => `z.intersection(${a}, ${b})`);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return `z.union([${union.map((s) => toZod(s, deps, param)).join(", ")}])`;
  if (schema.const !== undefined) return `z.literal(${str(schema.const)})`;
  if (schema.enum) {
    const m = msg("enum");
    return `z.enum(${str(schema.enum)}${m === undefined ? "" : `, { error: ${str(m)} }`})`;
  }
  switch (schema.type) {
    case "string": {
      let out;
      if (schema.format === "uuid") out = `z.uuid(${msg("format") === undefined ? "" : `{ error: ${str(msg("format"))} }`})`;
      else if (schema.format === "uri") out = `z.url(${msg("format") === undefined ? "" : `{ error: ${str(msg("format"))} }`})`;
      else out = "z.string()";
      if (schema.minLength !== undefined) out += `.min(${schema.minLength}${withMessage(msg("minLength"))})`;
      if (schema.maxLength !== undefined) out += `.max(${schema.maxLength}${withMessage(msg("maxLength"))})`;
      if (schema.pattern !== undefined) out += `.regex(${regexLiteral(schema.pattern)}${withMessage(msg("pattern"))})`;
      return out;
    }
    case "integer":
    case "number": {
      const typeError = msg("type") === undefined ? "" : `{ error: ${str(msg("type"))} }`;
      let out = param ? `z.coerce.number(${typeError})` : schema.type === "integer" ? "z.int()" : "z.number()";
      if (param && schema.type === "integer") out += `.int(${msg("type") === undefined ? "" : str(msg("type"))})`;
      if (schema.minimum !== undefined) out += `.min(${schema.minimum}${withMessage(msg("minimum"))})`;
      if (schema.maximum !== undefined) out += `.max(${schema.maximum}${withMessage(msg("maximum"))})`;
      return out;
    }
    case "boolean":
      return "z.boolean()";
    case "array": {
      let out = `z.array(${toZod(schema.items ?? {}, deps)})`;
      if (schema.minItems !== undefined) out += `.min(${schema.minItems}${withMessage(msg("minItems"))})`;
      if (schema.maxItems !== undefined) out += `.max(${schema.maxItems}${withMessage(msg("maxItems"))})`;
      return out;
    }
    case "object":
      return objectToZod(schema, deps, msg);
    case undefined:
      if (Object.keys(schema).every((k) => k === "description")) return "z.unknown()";
      throw new Error(`no type in schema ${str(schema)}`);
    default:
      throw new Error(`unsupported type ${schema.type}`);
  }
}

function objectToZod(schema, deps, msg) {
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  let out;
  if (properties.length === 0 && extra !== undefined && extra !== false) {
    const key = schema.propertyNames ? toZod({ type: "string", ...schema.propertyNames }, deps) : "z.string()";
    const value = extra === true ? "z.unknown()" : toZod(extra, deps);
    out = `z.record(${key}, ${value})`;
  } else {
    const required = new Set(schema.required ?? []);
    const fields = properties.map(([name, prop]) => {
      const zod = toZod(prop, deps);
      return `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : str(name)}: ${required.has(name) ? zod : `${zod}.optional()`}`;
    });
    const kind = extra === false ? "z.strictObject" : extra === undefined ? "z.object" : "z.looseObject";
    out = `${kind}({${fields.length ? ` ${fields.join(", ")} ` : ""}})`;
  }
  if (schema.maxProperties !== undefined) {
    out += `.refine((value) => Object.keys(value).length <= ${schema.maxProperties}${withMessage(msg("maxProperties"))})`;
  }
  return out;
}

/** Component schemas in an order where each comes after the ones it refers to. */
function componentsInOrder(components) {
  const compiled = new Map();
  for (const [name, schema] of Object.entries(components)) {
    const deps = new Set();
    compiled.set(name, { code: toZod(schema, deps), deps, description: schema.description });
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

const CONSTRAINT_KEYS = new Set([
  "type",
  "format",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "maxProperties",
  "required",
]);

/** A schema with only what constrains values (no descriptions, no references). */
function constraints(schema) {
  if (!schema || typeof schema !== "object" || schema.$ref) return undefined;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (CONSTRAINT_KEYS.has(key)) out[key] = value;
    else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .map(([name, prop]) => [name, constraints(prop)])
          .filter(([, prop]) => prop),
      );
    } else if (key === "items" || key === "propertyNames" || (key === "additionalProperties" && typeof value === "object")) {
      const inner = constraints(value);
      if (inner) out[key] = inner;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function contractModule(spec) {
  const schemas = Object.fromEntries(
    Object.entries(spec.components.schemas)
      .map(([name, schema]) => [name, constraints(schema)])
      .filter(([, c]) => c),
  );
  const parameters = Object.fromEntries(
    Object.entries(spec.components.parameters ?? {}).map(([name, p]) => [name, constraints(p.schema)]),
  );
  const operations = {};
  for (const item of Object.values(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op?.parameters) continue;
      const own = op.parameters.filter((p) => !p.$ref).map((p) => [p.name, constraints(p.schema)]);
      if (own.length) operations[op.operationId] = { parameters: Object.fromEntries(own) };
    }
  }
  const data = (name, doc, value) => `/** ${doc} */\nexport const ${name} = ${JSON.stringify(value, null, 2)} as const;\n`;
  return [
    HEADER,
    data("schemas", "Constraints of each component schema (openapi.yaml `components.schemas`).", schemas),
    data("parameters", "Constraints of the shared parameters (`components.parameters`).", parameters),
    data("operations", "Constraints of each operation's own parameters, by operationId.", operations),
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
  return {
    "packages/server/src/generated/schemas.ts": format(schemasModule(spec)),
    "packages/server/src/generated/routes.ts": format(routesModule(spec)),
    "packages/server/src/generated/doors.ts": format(doorsModule(spec, HEADER)),
    "packages/sdk/src/generated/contract.ts": format(contractModule(spec)),
    "packages/server/src/generated/openapi-spec.ts": `${HEADER}export const OPENAPI_YAML: string = ${JSON.stringify(specText)};\n`,
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
