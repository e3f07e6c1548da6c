/**
 * Structured results on the client side: `outputSchema` may be a plain JSON Schema object or
 * any schema that can describe itself as JSON Schema through the Standard JSON Schema
 * interface (zod 4, ArkType, Valibot's adapter, ...). No schema library is a dependency of
 * the SDK: the conversion is the schema's own.
 */
import type { Task } from "./types.js";

/** The Standard JSON Schema interface (https://standardschema.dev), as far as the SDK uses it. */
export interface StandardJSONSchema<Input = unknown> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly jsonSchema: { readonly input: (options: { readonly target: string }) => Record<string, unknown> };
    readonly types?: { readonly input: Input; readonly output: unknown } | undefined;
  };
}

/** A JSON Schema object, or a schema object (zod, ...) that converts itself to one. */
export type OutputSchemaInput<T = unknown> = StandardJSONSchema<T> | Record<string, unknown>;

/** The type a schema describes: its input type for a Standard JSON Schema, `unknown` for plain JSON Schema. */
export type OutputOf<S> = S extends StandardJSONSchema<infer T> ? T : unknown;

/** A task (or detail) whose `result.structured_output` has the caller's type. */
export type WithStructuredOutput<T extends Pick<Task, "result">, Output> = Omit<T, "result"> & {
  result?: Omit<NonNullable<T["result"]>, "structured_output"> & { structured_output?: Output };
};

const isStandardJSONSchema = (schema: object): schema is StandardJSONSchema =>
  "~standard" in schema && typeof (schema as StandardJSONSchema)["~standard"]?.jsonSchema?.input === "function";

/**
 * The JSON Schema the server receives. A Standard JSON Schema is converted (draft-07, which the
 * CLI's validator reads) and loses its `$schema` key: what Claude must return is the input type.
 */
export function toJsonSchema(schema: OutputSchemaInput): Record<string, unknown> {
  if (!isStandardJSONSchema(schema)) return schema as Record<string, unknown>;
  const { $schema: _dialect, ...converted } = schema["~standard"].jsonSchema.input({ target: "draft-07" });
  return converted;
}
