/** Named tokens with scopes: create one (its value shown once), see every token's scopes, state and last use, revoke. */
import type { NamedToken, TokenScope } from "@claude-task-api/sdk";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ConfirmButton } from "./confirm.js";
import { CreatedToken } from "./created-token.js";
import { ErrorLine } from "./error-line.js";
import { usePolling } from "./use-polling.js";

const SCOPES: TokenScope[] = ["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"];
const REFRESH_MS = 5000;
const when = (seconds: number | undefined, none: string) =>
  seconds === undefined ? none : new Date(seconds * 1000).toLocaleString();

function state(t: NamedToken): string {
  if (t.revoked_at !== undefined) return "revoked";
  if (t.expires_at !== undefined && t.expires_at * 1000 <= Date.now()) return "expired";
  return "active";
}

export function NamedTokens() {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>(["tasks:read"]);
  const [days, setDays] = useState("");
  const [workdirs, setWorkdirs] = useState("");
  const [created, setCreated] = useState<{ name: string; value: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { value: tokens, error: listError, refresh } = usePolling(() => client.tokens.list(), REFRESH_MS, []);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const dirs = workdirs
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean);
    try {
      const token = await client.tokens.create({
        name,
        scopes,
        ...(days.trim() && { expires_in_seconds: Math.round(Number(days) * 86_400) }),
        ...(dirs.length && { workdirs: dirs }),
      });
      setCreated({ name: token.name, value: token.token });
      setName("");
      refresh();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const toggle = (scope: TokenScope) =>
    setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope]);

  return (
    <section class="named-tokens" aria-labelledby="named-tokens-heading">
      <h2 id="named-tokens-heading">Named tokens</h2>
      <p class="muted">For CI jobs and colleagues: each holds only the scopes it needs, and can be revoked on its own.</p>
      {created ? <CreatedToken name={created.name} value={created.value} onDone={() => setCreated(undefined)} /> : null}
      <form onSubmit={create}>
        <label>
          Name <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={100} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in days{" "}
          <input value={days} onInput={(e) => setDays(e.currentTarget.value)} inputMode="decimal" placeholder="never" />
        </label>
        <label>
          Workdirs{" "}
          <input value={workdirs} onInput={(e) => setWorkdirs(e.currentTarget.value)} placeholder="any (comma-separated)" />
        </label>
        <button type="submit">Create token</button>
      </form>
      <ErrorLine message={error ?? (listError ? describeError(listError) : undefined)} />
      <ul class="token-list">
        {(tokens ?? []).map((t) => (
          <li key={t.id} class="named-token" data-token-id={t.id}>
            <strong>{t.name}</strong> <span class="badge">{state(t)}</span> <code class="id">{t.id}</code>
            <span class="scopes"> {t.scopes.join(", ")}</span>
            {t.workdirs ? <span class="muted"> in {t.workdirs.join(", ")}</span> : null}
            <span class="muted">
              {" "}
              · expires {when(t.expires_at, "never")} · last used {when(t.last_used_at, "never")}
            </span>
            {state(t) === "active" ? (
              <ConfirmButton
                label="Revoke"
                question={`Revoke "${t.name}"? Whoever uses it is refused from the next request.`}
                confirmLabel="Revoke now"
                danger
                onConfirm={() => client.tokens.revoke(t.id).then(refresh, (err: unknown) => setError(describeError(err)))}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
