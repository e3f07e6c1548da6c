/** A button that copies a shell command, showing the command beside it for people without a clipboard. */
import { useState } from "preact/hooks";

export function CopyCommand({ label, command }: { label: string; command: string }) {
  const [state, setState] = useState<"" | "copied" | "failed">("");
  const copy = () =>
    navigator.clipboard.writeText(command).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  return (
    <span class="copy-command">
      <button type="button" onClick={copy}>
        {label}
      </button>
      {state === "copied" ? <span role="status">Copied.</span> : null}
      {state === "failed" ? <code class="command">{command}</code> : null}
    </span>
  );
}
