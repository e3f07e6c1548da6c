/** The page: the view the URL's hash names (routes.ts), the header's sections, sign-out, the tab's approval count. */
import { useEffect, useState } from "preact/hooks";
import { client, describeError, getSessionInfo, hasSession, isSignedOut, signOut } from "./api.js";
import { NamedTokens } from "./named-tokens.js";
import { NeedsYou } from "./needs-you.js";
import { NewTask } from "./new-task.js";
import { useNotifications, useNotifyPermission } from "./notifier.js";
import { navigate, useRoute } from "./routes.js";
import { SchedulesPage } from "./schedules-page.js";
import { SessionPanel } from "./session-panel.js";
import { useTabBadge } from "./tab-badge.js";
import { TaskList } from "./task-list.js";
import { TaskView } from "./task-view.js";
import { TokenPanel } from "./token-panel.js";
import { UsagePage } from "./usage-page.js";
import { useActiveTasks, waitingForApproval } from "./use-attention.js";

function SignedOut() {
  return (
    <section class="signed-out">
      <h2>Not signed in</h2>
      <p>
        Run <code>claude-tasks ui</code> for a one-time sign-in link (or open the one <code>npm start</code> printed on this
        machine).
      </p>
    </section>
  );
}

export function App() {
  const route = useRoute();
  const view = route.view === "task" ? "tasks" : route.view;
  const [access, setAccess] = useState<"checking" | "ok" | "signed-out" | string>("checking");
  // A `claude-tasks ui` session may not use the token: its panel says so instead of offering it.
  const [tokenAccess, setTokenAccess] = useState<boolean | undefined>(hasSession ? undefined : true);
  const active = useActiveTasks(access === "ok");
  const waiting = waitingForApproval(active);
  useTabBadge(waiting.length);
  const [notifying, notifyButton] = useNotifyPermission();
  useNotifications(active, notifying);

  useEffect(() => {
    client.tasks
      .list({ limit: 1 })
      .then(() => setAccess("ok"))
      .then(() =>
        hasSession
          ? getSessionInfo().then(
              (info) => setTokenAccess(info.token_access),
              // Unknown: offer the actions; the server refuses what this session may not do.
              () => setTokenAccess(true),
            )
          : undefined,
      )
      .catch((err: unknown) => setAccess(isSignedOut(err) ? "signed-out" : describeError(err)));
  }, []);

  return (
    <>
      <header>
        <h1>Claude tasks</h1>
        <nav aria-label="Sections">
          <button type="button" aria-pressed={view === "tasks"} onClick={() => navigate({ view: "tasks", filter: {} })}>
            Tasks
          </button>
          <button type="button" aria-pressed={view === "schedules"} onClick={() => navigate({ view: "schedules" })}>
            Schedules
          </button>
          <button type="button" aria-pressed={view === "usage"} onClick={() => navigate({ view: "usage" })}>
            Usage
          </button>
          <button type="button" aria-pressed={view === "token"} onClick={() => navigate({ view: "token" })}>
            Token
          </button>
          {access === "ok" ? notifyButton : null}
          {hasSession && access === "ok" ? (
            <button
              type="button"
              onClick={() =>
                signOut("sign-out").then(
                  () => setAccess("signed-out"),
                  (err: unknown) => setAccess(describeError(err)),
                )
              }
            >
              Sign out
            </button>
          ) : null}
        </nav>
      </header>
      <main>
        {access === "checking" ? <p class="muted">Connecting...</p> : null}
        {access === "signed-out" ? <SignedOut /> : null}
        {access !== "ok" && access !== "checking" && access !== "signed-out" ? <p class="error">{access}</p> : null}
        {access === "ok" && view === "token" && tokenAccess !== undefined ? <TokenPanel allowed={tokenAccess} /> : null}
        {access === "ok" && view === "token" && tokenAccess ? <NamedTokens /> : null}
        {access === "ok" && view === "schedules" ? <SchedulesPage /> : null}
        {access === "ok" && view === "usage" ? <UsagePage /> : null}
        {access === "ok" && view === "token" && hasSession ? <SessionPanel onSignedOut={() => setAccess("signed-out")} /> : null}
        {access === "ok" && route.view === "task" ? (
          <TaskView id={route.id} onClose={() => navigate({ view: "tasks", filter: {} })} />
        ) : null}
        {access === "ok" && route.view === "tasks" ? (
          <div class="home">
            <NeedsYou tasks={waiting} />
            <NewTask onStarted={(id) => navigate({ view: "task", id })} />
            <TaskList filter={route.filter} />
          </div>
        ) : null}
      </main>
    </>
  );
}
