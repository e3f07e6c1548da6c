/** The task list's search box, status chips, label chip and sort; each change is a new URL (routes.ts). */
import type { TaskStatus } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { useEffect, useState } from "preact/hooks";
import { type ListFilter, navigate } from "./routes.js";

const STATUSES: readonly TaskStatus[] = schemas.TaskStatus.enum;
const TYPING_MS = 300;

/** Any change of filter starts again at the first page. */
const go = (filter: ListFilter, replace = false) =>
  navigate({ view: "tasks", filter: { ...filter, cursor: undefined } }, replace);

export function TaskFilters({ filter }: { filter: ListFilter }) {
  const [text, setText] = useState(filter.q ?? "");
  // The URL is the truth: back, forward and links set the box too.
  useEffect(() => setText(filter.q ?? ""), [filter.q]);
  useEffect(() => {
    if (text.trim() === (filter.q ?? "")) return;
    // Typing replaces the history entry: back goes to the view before the search, not letter by letter.
    const timer = setTimeout(() => go({ ...filter, q: text.trim() || undefined }, Boolean(filter.q)), TYPING_MS);
    return () => clearTimeout(timer);
  }, [text, filter.status, filter.label, filter.sort]);

  return (
    <div class="filters">
      <input
        type="search"
        aria-label="Search tasks"
        placeholder="Search prompts or ids"
        maxLength={200}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      <fieldset class="chips" aria-label="Status">
        {STATUSES.map((s) => (
          <button
            type="button"
            class="chip"
            key={s}
            aria-pressed={filter.status === s}
            onClick={() => go({ ...filter, status: filter.status === s ? undefined : s })}
          >
            {s}
          </button>
        ))}
        {filter.label ? (
          <button
            type="button"
            class="chip"
            aria-pressed="true"
            title="Show every label"
            onClick={() => go({ ...filter, label: undefined })}
          >
            {filter.label.replace(":", "=")} ×
          </button>
        ) : null}
      </fieldset>
      <label>
        Sort{" "}
        <select
          value={filter.sort ?? ""}
          onChange={(e) => go({ ...filter, sort: ((e.target as HTMLSelectElement).value || undefined) as ListFilter["sort"] })}
        >
          <option value="">newest first</option>
          <option value="oldest">oldest first</option>
          <option value="cost">most expensive</option>
        </select>
      </label>
    </div>
  );
}
