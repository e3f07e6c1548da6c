/**
 * The run options the task forms offer, one descriptor each: adding an option openapi.yaml
 * gains (a budget, an effort level) is one entry here. Each turns its field's text into the
 * request's value; a wrong value throws a message for people.
 */
import type { CreateTaskRequest } from "@claude-task-api/sdk";

export interface RunField {
  name: keyof CreateTaskRequest;
  label: string;
  type: "text" | "number" | "json" | "select";
  placeholder?: string;
  min?: number;
  max?: number;
  /** For `select`: the choices ("" is the server's default). */
  options?: readonly string[];
  wide?: boolean;
}

export const RUN_FIELDS: readonly RunField[] = [
  { name: "model", label: "Model", type: "text", placeholder: "claude's default" },
  { name: "max_turns", label: "Max turns", type: "number", min: 1, max: 1000 },
  { name: "timeout_seconds", label: "Timeout (seconds)", type: "number", min: 1, max: 604800, placeholder: "no limit" },
  {
    name: "output_schema",
    label: "Output schema (JSON Schema)",
    type: "json",
    placeholder: '{"type": "object", "properties": {"summary": {"type": "string"}}}',
    wide: true,
  },
];

/** A field's text as the request's value; undefined when left empty. */
export function readRunField(field: RunField, text: string): unknown {
  if (!text) return undefined;
  if (field.type === "number") return Number(text);
  if (field.type !== "json") return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${field.label} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${field.label} must be a JSON object`);
  return value;
}
