/**
 * The fields of a task request, shared by the new-task form and the schedule form (whose task
 * is the same request): prompt, workdir (suggesting the server's), the run options of
 * RUN_FIELDS, permission mode with approvals, worktree isolation with its base, labels.
 * `readTaskFields` reads them back from the form as a CreateTaskRequest.
 */
import type { CreateTaskRequest, ServerInfo } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { useEffect, useId, useState } from "preact/hooks";
import { client } from "./api.js";
import { parseLabels } from "./format.js";
import { RUN_FIELDS, type RunField, readRunField } from "./run-fields.js";

/** "" is the server's default mode; the others are openapi.yaml's. */
const MODES = ["", ...schemas.RunOptions.properties.permission_mode.enum] as const;
type Mode = (typeof MODES)[number];
/** bypassPermissions never asks, and the server's default mode may be it: approvals need one of these. */
const ASKING_MODES: ReadonlySet<Mode> = new Set(schemas.AskingPermissionMode.enum);

/** A field's trimmed text ("" when the form has no such field). */
export const text = (form: HTMLFormElement, name: string) =>
  ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "").trim();
const checked = (form: HTMLFormElement, name: string) =>
  (form.elements.namedItem(name) as HTMLInputElement | null)?.checked === true;

/** The request the form's task fields describe; throws a message for people on a wrong value. */
export function readTaskFields(form: HTMLFormElement): CreateTaskRequest {
  const body: Record<string, unknown> = { prompt: text(form, "prompt") };
  const workdir = text(form, "workdir");
  if (workdir) body.workdir = workdir;
  const mode = text(form, "permission_mode");
  if (mode) body.permission_mode = mode;
  for (const field of RUN_FIELDS) {
    const value = readRunField(field, text(form, field.name));
    if (value !== undefined) body[field.name] = value;
  }
  if (checked(form, "approvals")) {
    body.approvals = true;
    const timeout = text(form, "approval_timeout_seconds");
    if (timeout) body.approval_timeout_seconds = Number(timeout);
  }
  if (checked(form, "worktree")) {
    body.isolation = "worktree";
    const base = text(form, "base_ref");
    if (base) body.base_ref = base;
  }
  const labels = parseLabels(text(form, "labels"));
  if (labels) body.labels = labels;
  return body as unknown as CreateTaskRequest;
}

/** Asked once per page: the server's workdirs do not change while it runs. */
let serverInfo: Promise<ServerInfo> | undefined;

function WorkdirField() {
  const [info, setInfo] = useState<ServerInfo | undefined>();
  useEffect(() => {
    serverInfo ??= client.serverInfo();
    // Suggestions only: without them the field still takes any path.
    serverInfo.then(setInfo, () => undefined);
  }, []);
  return (
    <label>
      Working directory
      <input name="workdir" list="workdirs" placeholder={info ? info.default_workdir : "server default"} />
      <datalist id="workdirs">
        {info ? [...new Set([info.default_workdir, info.workdir_root])].map((w) => <option key={w} value={w} />) : null}
      </datalist>
    </label>
  );
}

/** The control a run option's descriptor asks for. */
function RunControl({ field, id }: { field: RunField; id: string }) {
  const { name, placeholder } = field;
  if (field.type === "json") return <textarea id={id} name={name} rows={3} placeholder={placeholder} spellcheck={false} />;
  if (field.type === "select")
    return (
      <select id={id} name={name}>
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o || "server default"}
          </option>
        ))}
      </select>
    );
  if (field.type === "number")
    return (
      <input id={id} name={name} type="number" min={field.min} max={field.max} inputMode="numeric" placeholder={placeholder} />
    );
  return <input id={id} name={name} type="text" placeholder={placeholder} />;
}

/** One run option's labelled field. */
function RunInput({ field }: { field: RunField }) {
  const id = `${useId()}-${field.name}`;
  return (
    <label class={field.wide ? "wide" : undefined} htmlFor={id}>
      {field.label}
      <RunControl field={field} id={id} />
    </label>
  );
}

export function TaskFields({ promptPlaceholder }: { promptPlaceholder: string }) {
  const [mode, setMode] = useState<Mode>("");
  const [approvals, setApprovals] = useState(false);
  const [worktree, setWorktree] = useState(false);
  const [modeNote, setModeNote] = useState<string | undefined>();

  const toggleApprovals = (on: boolean) => {
    setApprovals(on);
    setModeNote(undefined);
    if (on && !ASKING_MODES.has(mode)) {
      setModeNote(`Permission mode set to default: ${mode || "the server default"} would never ask.`);
      setMode("default");
    }
  };

  return (
    <>
      <label class="wide">
        Prompt
        <textarea name="prompt" required rows={4} placeholder={promptPlaceholder} />
      </label>
      <WorkdirField />
      <label>
        Permission mode
        <select
          name="permission_mode"
          value={mode}
          onChange={(e) => {
            setMode((e.currentTarget as HTMLSelectElement).value as Mode);
            setModeNote(undefined);
          }}
        >
          {MODES.map((m) => (
            <option key={m} value={m} disabled={approvals && !ASKING_MODES.has(m)}>
              {m || "server default"}
            </option>
          ))}
        </select>
      </label>
      {RUN_FIELDS.map((field) => (
        <RunInput key={field.name} field={field} />
      ))}
      <label class="wide">
        Labels
        <input name="labels" placeholder="team=web, ticket=42" />
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="worktree"
          checked={worktree}
          onChange={(e) => setWorktree((e.currentTarget as HTMLInputElement).checked)}
        />
        Run in a new git worktree (own branch)
      </label>
      {worktree ? (
        <label>
          Base ref
          <input name="base_ref" placeholder="HEAD" />
        </label>
      ) : null}
      <label class="check">
        <input
          type="checkbox"
          name="approvals"
          checked={approvals}
          onChange={(e) => toggleApprovals((e.currentTarget as HTMLInputElement).checked)}
        />
        Ask before tools run (approvals)
      </label>
      {approvals ? (
        <label>
          Approval timeout (seconds)
          <input name="approval_timeout_seconds" type="number" min={1} max={604800} inputMode="numeric" placeholder="no limit" />
        </label>
      ) : null}
      {modeNote ? (
        <p class="note wide" role="status">
          {modeNote}
        </p>
      ) : null}
    </>
  );
}
