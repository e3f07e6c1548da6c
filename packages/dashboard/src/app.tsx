/** The page: tasks (with the new-task form) or one task, chosen by the URL's hash; schedules; the token panel; sign-out. */
import { useEffect, useState } from "preact/hooks";
import { client, describeError, hasSession, isSignedOut, signOut } from "./api.js";
import { NamedTokens } from "./named-tokens.js";
import { NewTask } from "./new-task.js";
import { SchedulesPage } from "./schedules-page.js";
import { SessionPanel } from "./session-panel.js";
import { TaskList } from "./task-list.js";
import { TaskView } from "./task-view.js";
import { TokenPanel } from "./token-panel.js";

const TASK_HASH = /^#\/tasks\/([0-9]{1,12}-[0-9a-f]{8})$/;

function useHashRoute(): [string | undefined, (id: string | undefined) => void] {
  const read = () => TASK_HASH.exec(location.hash)?.[1];
  const [id, setId] = useState(read);
  useEffect(() => {
    const onChange = () => setId(read());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return [id, (next) => (location.hash = next ? `#/tasks/${next}` : "#/")];
}

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
  const [taskId, openTask] = useHashRoute();
  const [view, setView] = useState<"tasks" | "schedules" | "token">("tasks");
  // A task link (from a schedule's history) opens the task where tasks are shown.
  useEffect(() => {
    if (taskId) setView("tasks");
  }, [taskId]);
  const [access, setAccess] = useState<"checking" | "ok" | "signed-out" | string>("checking");

  useEffect(() => {
    client.tasks
      .list({ limit: 1 })
      .then(() => setAccess("ok"))
      .catch((err: unknown) => setAccess(isSignedOut(err) ? "signed-out" : describeError(err)));
  }, []);

  return (
    <>
      <header>
        <h1>Claude tasks</h1>
        <nav aria-label="Sections">
          <button
            type="button"
            aria-pressed={view === "tasks"}
            onClick={() => {
              setView("tasks");
              openTask(undefined);
            }}
          >
            Tasks
          </button>
          <button type="button" aria-pressed={view === "schedules"} onClick={() => setView("schedules")}>
            Schedules
          </button>
          <button type="button" aria-pressed={view === "token"} onClick={() => setView("token")}>
            Token
          </button>
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
        {access === "ok" && view === "token" ? <TokenPanel /> : null}
        {access === "ok" && view === "token" ? <NamedTokens /> : null}
        {access === "ok" && view === "schedules" ? <SchedulesPage /> : null}
        {access === "ok" && view === "token" && hasSession ? <SessionPanel onSignedOut={() => setAccess("signed-out")} /> : null}
        {access === "ok" && view === "tasks" && taskId ? <TaskView id={taskId} onClose={() => openTask(undefined)} /> : null}
        {access === "ok" && view === "tasks" && !taskId ? (
          <div class="home">
            <NewTask onStarted={openTask} />
            <TaskList />
          </div>
        ) : null}
      </main>
    </>
  );
}
