/**
 * One zod expression (as source text) per JSON Schema of openapi.yaml.
 *
 * Error messages: `x-error-message` on a schema is the message when a value fails its type,
 * format, pattern or enum. It may instead map keywords to messages (`{maxProperties: "..."}`);
 * `{keyword}` in a message is replaced by that keyword's value. Integer parameters name
 * themselves in range errors ("tail must be at least 1").
 */
import { checkKeywords, mergeAllOf } from "./schema-keywords.mjs";

const refName = (ref) => ref.split("/").pop();
export const schemaVar = (name) => `${name}Schema`;
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
const errorOption = (message) => (message === undefined ? "" : `{ error: ${str(message)} }`);

/**
 * A translator for the schemas of one spec (`components`: its `components.schemas`, for
 * `allOf` members). `toZod(schema, deps, param, where)`: `param` (a parameter's name) makes
 * integers coerce from the URL's text; `deps` collects the components it refers to; `where`
 * names the schema in errors.
 */
export function zodTranslator(components) {
  function toZod(schema, deps, param, where = "schema") {
    checkKeywords(schema, where);
    if (schema.$ref) {
      const name = refName(schema.$ref);
      deps.add(name);
      return schemaVar(name);
    }
    if (schema.allOf) return toZod(mergeAllOf(schema, components, where), deps, param, where);
    const msg = (keyword) => messageFor(schema, keyword, param);
    const union = schema.anyOf ?? schema.oneOf;
    if (union) return `z.union([${union.map((s, i) => toZod(s, deps, param, `${where}.anyOf[${i}]`)).join(", ")}])`;
    if (schema.const !== undefined) return `z.literal(${str(schema.const)})`;
    if (schema.enum) {
      const m = msg("enum");
      return `z.enum(${str(schema.enum)}${m === undefined ? "" : `, ${errorOption(m)}`})`;
    }
    switch (schema.type) {
      case "string": {
        let out;
        if (schema.format === "uuid") out = `z.uuid(${errorOption(msg("format"))})`;
        else if (schema.format === "uri") out = `z.url(${errorOption(msg("format"))})`;
        else out = "z.string()";
        if (schema.minLength !== undefined) out += `.min(${schema.minLength}${withMessage(msg("minLength"))})`;
        if (schema.maxLength !== undefined) out += `.max(${schema.maxLength}${withMessage(msg("maxLength"))})`;
        if (schema.pattern !== undefined) out += `.regex(${regexLiteral(schema.pattern)}${withMessage(msg("pattern"))})`;
        return out;
      }
      case "integer":
      case "number": {
        let out = param ? `z.coerce.number(${errorOption(msg("type"))})` : schema.type === "integer" ? "z.int()" : "z.number()";
        if (param && schema.type === "integer") out += `.int(${msg("type") === undefined ? "" : str(msg("type"))})`;
        if (schema.minimum !== undefined) out += `.min(${schema.minimum}${withMessage(msg("minimum"))})`;
        if (schema.maximum !== undefined) out += `.max(${schema.maximum}${withMessage(msg("maximum"))})`;
        return out;
      }
      case "boolean":
        return "z.boolean()";
      case "array": {
        let out = `z.array(${toZod(schema.items ?? {}, deps, undefined, `${where}.items`)})`;
        if (schema.minItems !== undefined) out += `.min(${schema.minItems}${withMessage(msg("minItems"))})`;
        if (schema.maxItems !== undefined) out += `.max(${schema.maxItems}${withMessage(msg("maxItems"))})`;
        return out;
      }
      case "object":
        return objectToZod(schema, deps, msg, where);
      case undefined:
        if (Object.keys(schema).every((k) => k === "description")) return "z.unknown()";
        throw new Error(`${where}: no type in schema ${str(schema)}`);
      default:
        throw new Error(`${where}: unsupported type ${schema.type}`);
    }
  }

  function objectToZod(schema, deps, msg, where) {
    const properties = Object.entries(schema.properties ?? {});
    const extra = schema.additionalProperties;
    let out;
    if (properties.length === 0 && extra !== undefined && extra !== false) {
      const key = schema.propertyNames
        ? toZod({ type: "string", ...schema.propertyNames }, deps, undefined, `${where}.propertyNames`)
        : "z.string()";
      const value = extra === true ? "z.unknown()" : toZod(extra, deps, undefined, `${where}.additionalProperties`);
      out = `z.record(${key}, ${value})`;
    } else {
      if (schema.propertyNames) throw new Error(`${where}: propertyNames is handled only on a map (no properties)`);
      const required = new Set(schema.required ?? []);
      const fields = properties.map(([name, prop]) => {
        const zod = toZod(prop, deps, undefined, `${where}.${name}`);
        return `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : str(name)}: ${required.has(name) ? zod : `${zod}.optional()`}`;
      });
      if (typeof extra === "object" && Object.keys(extra).length > 0) {
        // Typed extra fields beside named ones (Readiness.checks): checked as the catchall.
        const value = toZod(extra, deps, undefined, `${where}.additionalProperties`);
        out = `z.object({${fields.length ? ` ${fields.join(", ")} ` : ""}}).catchall(${value})`;
      } else {
        const kind = extra === false ? "z.strictObject" : extra === undefined ? "z.object" : "z.looseObject";
        out = `${kind}({${fields.length ? ` ${fields.join(", ")} ` : ""}})`;
      }
    }
    if (schema.maxProperties !== undefined) {
      out += `.refine((value) => Object.keys(value).length <= ${schema.maxProperties}${withMessage(msg("maxProperties"))})`;
    }
    return out;
  }

  return toZod;
}
