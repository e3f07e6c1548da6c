/** A token just created: its value, shown this once, with a copy button. */
import { useState } from "preact/hooks";

export function CreatedToken({ name, value, onDone }: { name: string; value: string; onDone: () => void }) {
  const [note, setNote] = useState<string | undefined>();
  return (
    <div class="created-token" role="status">
      <p>
        Token <strong>{name}</strong> created. Store it now: it is not shown again.
      </p>
      <div class="token-row">
        <code class="token" data-testid="created-token">
          {value}
        </code>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(value).then(
              () => setNote("Copied."),
              (err: unknown) => setNote(`Could not copy: ${String(err)}`),
            )
          }
        >
          Copy token
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      {note ? <p>{note}</p> : null}
    </div>
  );
}
