/**
 * The JSON Schema subset the generator understands, and `allOf` flattened into one object
 * shape. Both the zod translation and the contract data read schemas through here, so a
 * keyword the generator does not handle stops generation instead of being silently dropped
 * (a dropped `minimum` would be a limit the spec promises and the server does not keep).
 */

const refName = (ref) => ref.split("/").pop();

/** Keywords that only document: nothing to enforce. */
const ANNOTATIONS = new Set(["description", "title", "examples", "deprecated", "$comment"]);

/** Keywords the translation enforces (or, for `x-error-message`, words its errors with). */
const HANDLED = new Set([
  "$ref",
  "allOf",
  "anyOf",
  "oneOf",
  "const",
  "enum",
  "type",
  "format",
  "pattern",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "items",
  "minItems",
  "maxItems",
  "properties",
  "required",
  "additionalProperties",
  "unevaluatedProperties",
  "propertyNames",
  "maxProperties",
  "x-error-message",
]);

/** String formats with a zod check; any other format would be dropped, so it fails. */
const FORMATS = new Set(["uuid", "uri"]);

/** Throws when `schema` (at `where`, for the message) uses a keyword or format the generator does not handle. */
export function checkKeywords(schema, where) {
  for (const key of Object.keys(schema)) {
    if (!HANDLED.has(key) && !ANNOTATIONS.has(key)) {
      throw new Error(
        `${where}: the generator does not handle the schema keyword "${key}" (teach it in packages/server/scripts/contract/)`,
      );
    }
  }
  if (schema.format !== undefined && !FORMATS.has(schema.format)) {
    throw new Error(`${where}: the generator does not handle format "${schema.format}"`);
  }
  if (schema.unevaluatedProperties !== undefined && (schema.unevaluatedProperties !== false || !schema.allOf)) {
    throw new Error(`${where}: unevaluatedProperties is handled only as \`false\` beside allOf`);
  }
}

/**
 * `allOf` of object schemas as one object schema: properties and `required` joined, each
 * member's own checks kept. `unevaluatedProperties: false` beside the `allOf` makes the result
 * strict (JSON Schema's way to refuse fields none of the members names); a member's own
 * `additionalProperties: false` would refuse the other members' fields, so it is an error.
 */
export function mergeAllOf(schema, components, where) {
  const { allOf, unevaluatedProperties, ...outer } = schema;
  const merged = { type: "object", properties: {}, required: [] };
  for (const [i, member] of allOf.entries()) {
    const at = `${where}.allOf[${i}]`;
    let part = member.$ref ? components[refName(member.$ref)] : member;
    if (!part) throw new Error(`${at}: ${member.$ref} is not a component schema`);
    checkKeywords(part, at);
    if (part.allOf) part = mergeAllOf(part, components, at);
    if (part.type !== "object") throw new Error(`${at}: allOf merges object schemas only`);
    if (part.additionalProperties === false) {
      throw new Error(
        `${at}: additionalProperties: false inside allOf refuses the other members' fields; put unevaluatedProperties: false beside the allOf`,
      );
    }
    for (const [name, prop] of Object.entries(part.properties ?? {})) {
      if (name in merged.properties && JSON.stringify(merged.properties[name]) !== JSON.stringify(prop)) {
        throw new Error(`${at}: property ${name} is defined differently by two members`);
      }
      merged.properties[name] = prop;
    }
    merged.required.push(...(part.required ?? []).filter((name) => !merged.required.includes(name)));
    for (const key of ["maxProperties", "propertyNames"]) {
      if (part[key] !== undefined) throw new Error(`${at}: ${key} inside allOf is not handled`);
    }
    if (part.additionalProperties !== undefined) merged.additionalProperties = part.additionalProperties;
  }
  if (unevaluatedProperties === false) merged.additionalProperties = false;
  const { type, ...annotations } = outer;
  const stray = Object.keys(annotations).filter((key) => !ANNOTATIONS.has(key));
  if ((type !== undefined && type !== "object") || stray.length > 0) {
    throw new Error(
      `${where}: beside allOf only annotations and unevaluatedProperties are handled (found ${stray.join(", ") || `type ${type}`})`,
    );
  }
  return { ...merged, ...annotations };
}
