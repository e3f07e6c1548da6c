/**
 * A run's structured result (`output_schema`) as a tree people can read, with the raw JSON a
 * click away. The values come from the model: they are only ever rendered as text nodes.
 */
import { useState } from "preact/hooks";

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span class="json-null">null</span>;
  if (typeof value === "string") return <span class="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span class="json-number">{String(value)}</span>;
  if (typeof value === "boolean") return <span class="json-boolean">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function Tree({ value }: { value: unknown }) {
  if (value === null || typeof value !== "object") return <Leaf value={value} />;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return <span class="muted">{Array.isArray(value) ? "[] (empty)" : "{} (empty)"}</span>;
  return (
    <ul class="json-tree">
      {entries.map(([key, child]) => (
        <li key={key}>
          <span class="json-key">{Array.isArray(value) ? `[${key}]` : key}</span>: <Tree value={child} />
        </li>
      ))}
    </ul>
  );
}

export function StructuredResult({ value }: { value: unknown }) {
  const [raw, setRaw] = useState(false);
  return (
    <div class="structured-result">
      <div class="structured-head">
        <span>Structured result</span>
        <button type="button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          {raw ? "Show tree" : "Raw JSON"}
        </button>
      </div>
      {raw ? <pre class="structured-raw">{JSON.stringify(value, null, 2)}</pre> : <Tree value={value} />}
    </div>
  );
}
