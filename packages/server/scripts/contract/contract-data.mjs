/**
 * packages/sdk/src/generated/contract.ts: the spec's enums, patterns, limits, header names and
 * webhook events as plain data, for code that must agree with the API without zod (the
 * server's domain imports it as @claude-task-api/sdk/contract, like the CLI, the SDK and the
 * dashboard: one copy).
 */
import { checkKeywords, mergeAllOf } from "./schema-keywords.mjs";

const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

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

/**
 * A schema with only what constrains values (no descriptions, no references); `allOf` is
 * merged first, so a request built from RunOptions lists every field it accepts.
 */
function constraints(schema, components) {
  if (!schema || typeof schema !== "object" || schema.$ref) return undefined;
  // Schemas only the contract data reads (webhook headers) are held to the same subset.
  checkKeywords(schema, "contract data");
  if (schema.allOf) return constraints(mergeAllOf(schema, components, "allOf"), components);
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (CONSTRAINT_KEYS.has(key)) out[key] = value;
    else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .map(([name, prop]) => [name, constraints(prop, components)])
          .filter(([, prop]) => prop),
      );
    } else if (key === "items" || key === "propertyNames" || (key === "additionalProperties" && typeof value === "object")) {
      const inner = constraints(value, components);
      if (inner) out[key] = inner;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The contract data module's text (without its header): what code needs of the spec without zod. */
export function contractModule(spec) {
  const components = spec.components.schemas;
  const of = (schema) => constraints(schema, components);
  const schemas = Object.fromEntries(
    Object.entries(components)
      .map(([name, schema]) => [name, of(schema)])
      .filter(([, c]) => c),
  );
  const parameters = Object.fromEntries(
    Object.entries(spec.components.parameters ?? {}).map(([name, p]) => [name, of(p.schema)]),
  );
  const headers = Object.fromEntries(
    Object.entries(spec.components.parameters ?? {})
      .filter(([, p]) => p.in === "header")
      .map(([name, p]) => [name, p.name]),
  );
  const operations = {};
  for (const item of Object.values(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op?.parameters) continue;
      const own = op.parameters.filter((p) => !p.$ref).map((p) => [p.name, of(p.schema)]);
      if (own.length) operations[op.operationId] = { parameters: Object.fromEntries(own) };
    }
  }
  const data = (name, doc, value) => `/** ${doc} */\nexport const ${name} = ${JSON.stringify(value, null, 2)} as const;\n`;
  return [
    data("schemas", "Constraints of each component schema (openapi.yaml `components.schemas`).", schemas),
    data("parameters", "Constraints of the shared parameters (`components.parameters`).", parameters),
    data("headers", "The header name of each shared header parameter (`components.parameters`).", headers),
    data("operations", "Constraints of each operation's own parameters, by operationId.", operations),
    data(
      "webhooks",
      "The webhook events the server sends (openapi.yaml `webhooks`): each one's payload schema.",
      webhookEvents(spec),
    ),
  ].join("\n");
}

/** `{event: {payload}}` for each webhook: the payload's component schema name. */
function webhookEvents(spec) {
  return Object.fromEntries(
    Object.entries(spec.webhooks ?? {}).map(([event, item]) => {
      const ref = item.post?.requestBody?.content?.["application/json"]?.schema?.$ref;
      if (!ref) throw new Error(`webhooks.${event}: a webhook is a post whose JSON body refers to a component schema`);
      return [event, { payload: ref.split("/").pop() }];
    }),
  );
}
