/**
 * A worktree task's change, for review: its branch and base commit, the files with +/- counts,
 * each file's diff highlighted, and a command to open it in a shell. It loads again whenever
 * `changeKey` changes (a tool call finished, the status changed), so it follows the task live.
 */
import type { DiffStat, TaskDetail } from "@claude-task-api/sdk";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { CopyCommand } from "./copy-command.js";
import { type DiffFile, parseDiff } from "./diff-parse.js";
import { Highlighted, languageFor } from "./highlight.js";
import "./review.css";

type Worktree = NonNullable<TaskDetail["worktree"]>;

/** Single-quoted for a POSIX shell, whatever the path holds. */
const shellQuote = (s: string) => `'${s.replaceAll("'", `'"'"'`)}'`;

/**
 * The worktree lives in the pod and holds the branch with every change, committed or not (git
 * will not check the branch out in a second place while the worktree has it): the command goes there.
 */
export const gitCommand = (w: Worktree) => `cd ${shellQuote(w.path)} && git status`;

function FileDiff({ file }: { file: DiffFile }) {
  const language = useMemo(() => languageFor(file.path), [file.path]);
  return (
    <div class="diff-scroll">
      <table class="diff-lines">
        <tbody>
          {file.lines.map((line, i) => (
            <tr key={i} class={`diff-${line.kind}`}>
              <td class="diff-sign">{line.kind === "add" ? "+" : line.kind === "del" ? "-" : ""}</td>
              <td class="diff-code">
                {line.kind === "hunk" || line.kind === "note" ? line.text : <Highlighted text={line.text} language={language} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TaskDiff({ id, worktree, changeKey }: { id: string; worktree: Worktree; changeKey: string }) {
  const [stat, setStat] = useState<DiffStat | undefined>();
  const [files, setFiles] = useState<DiffFile[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const fileRefs = useRef<Record<string, HTMLElement | null>>({});

  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    Promise.all([client.tasks.diff(id, { stat: true }), client.tasks.diff(id)])
      .then(([s, text]) => {
        if (call !== latest.current) return;
        setStat(s);
        setFiles(parseDiff(text));
        setError(undefined);
      })
      .catch((err: unknown) => call === latest.current && setError(describeError(err)))
      .finally(() => call === latest.current && setLoading(false));
  }, [id, changeKey]);

  const diffOf = (path: string) => files.find((f) => f.path === path);
  return (
    <section class="task-diff" aria-labelledby="diff-heading" aria-busy={loading}>
      <h3 id="diff-heading">Changes {loading ? <span class="spinner" role="status" aria-label="Loading the diff" /> : null}</h3>
      <p class="diff-meta">
        Branch <code>{worktree.branch}</code> from <code title={worktree.base_commit}>{worktree.base_commit.slice(0, 12)}</code>
        <CopyCommand label="Copy git command" command={gitCommand(worktree)} />
      </p>
      {error ? <p class="error">{error}</p> : null}
      {stat && stat.files.length === 0 ? <p class="muted">No changes yet.</p> : null}
      {stat && stat.files.length > 0 ? (
        <ul class="diff-files">
          {stat.files.map((f) => (
            <li key={f.path} data-path={f.path}>
              <button type="button" class="link" onClick={() => fileRefs.current[f.path]?.scrollIntoView()}>
                {f.path}
              </button>{" "}
              <span class="diff-count-add">+{f.additions}</span> <span class="diff-count-del">-{f.deletions}</span>{" "}
              <span class="muted">{f.binary ? "binary" : f.status}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {stat?.files.map((f) => {
        const file = diffOf(f.path);
        return (
          <details
            key={f.path}
            open
            class="diff-file"
            ref={(el) => {
              fileRefs.current[f.path] = el;
            }}
          >
            <summary>
              <code>{f.path}</code> <span class="diff-count-add">+{f.additions}</span>{" "}
              <span class="diff-count-del">-{f.deletions}</span>
            </summary>
            {file ? <FileDiff file={file} /> : null}
          </details>
        );
      })}
    </section>
  );
}
