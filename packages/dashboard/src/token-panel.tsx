/**
 * The bearer token: hidden until asked for, copyable, and regenerated only after a warning. A
 * session opened with `claude-tasks ui` may do neither (the server refuses): it says so instead.
 */
import { useState } from "preact/hooks";
import { describeError, getToken, regenerateToken } from "./api.js";
import { ConfirmButton } from "./confirm.js";
import { ErrorLine } from "./error-line.js";

export function TokenPanel({ allowed }: { allowed: boolean }) {
  const [token, setToken] = useState<string | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const run = async (action: () => Promise<void>) => {
    try {
      setError(undefined);
      await action();
    } catch (err) {
      setError(describeError(err));
    }
  };

  if (!allowed) {
    return (
      <section class="token-panel" aria-labelledby="token-heading">
        <h2 id="token-heading">Bearer token</h2>
        <p>
          This session was opened with <code>claude-tasks ui</code>, which used the token: it can run and answer tasks, but not
          show or regenerate the token. <code>claude-tasks token</code> prints it where the CLI is set up.
        </p>
      </section>
    );
  }

  return (
    <section class="token-panel" aria-labelledby="token-heading">
      <h2 id="token-heading">Bearer token</h2>
      <p class="muted">Scripts, services and CI use this token on /api/claude. Anyone holding it can run tasks as you.</p>
      {token ? (
        <div class="token-row">
          <code class="token" data-testid="token">
            {token}
          </code>
          <button
            type="button"
            onClick={() =>
              run(async () => {
                await navigator.clipboard.writeText(token);
                setNote("Copied.");
              })
            }
          >
            Copy
          </button>
          <button
            type="button"
            onClick={() => {
              setToken(undefined);
              setNote(undefined);
            }}
          >
            Hide
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => run(async () => setToken(await getToken()))}>
          Show token
        </button>
      )}
      <ConfirmButton
        label="Regenerate token"
        question="Every script, service, CI job and CLI that uses the current token stops working at once, until it is given the new one. Regenerate?"
        confirmLabel="Regenerate now"
        danger
        onConfirm={() =>
          run(async () => {
            setToken(await regenerateToken());
            setNote("A new token is in use; the old one no longer works.");
          })
        }
      />
      {note ? <p role="status">{note}</p> : null}
      <ErrorLine message={error} />
    </section>
  );
}
