/** Signing out of the dashboard's own door: this browser, or every browser and unused link. */
import { useState } from "preact/hooks";
import { describeError, signOut } from "./api.js";
import { ConfirmButton } from "./confirm.js";
import { ErrorLine } from "./error-line.js";

export function SessionPanel({ onSignedOut }: { onSignedOut: () => void }) {
  const [error, setError] = useState<string | undefined>();
  return (
    <section class="session-panel" aria-labelledby="session-heading">
      <h2 id="session-heading">Dashboard sessions</h2>
      <p class="muted">
        A session lasts 12 hours. Signing out everywhere ends every browser's session and every sign-in link not yet opened
        (regenerating the token does too); the token keeps working.
      </p>
      <ConfirmButton
        label="Sign out everywhere"
        question="Every browser signed in to this dashboard, this one too, is signed out, and unused sign-in links stop working. Sign out everywhere?"
        confirmLabel="Sign out everywhere now"
        danger
        onConfirm={async () => {
          try {
            setError(undefined);
            await signOut("sign-out-everywhere");
            onSignedOut();
          } catch (err) {
            setError(describeError(err));
          }
        }}
      />
      <ErrorLine message={error} />
    </section>
  );
}
