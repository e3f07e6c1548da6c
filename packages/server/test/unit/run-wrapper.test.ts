/**
 * The real run wrapper (dist/runner/run-task.js) records why claude could not be spawned in the
 * run's exit record and output.log, whatever the failure: a task then says why it failed
 * rather than "its tmux session is gone".
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseRunExit, type RunSpec } from "@claude-task-api/sdk/protocol";
import { serverEntry } from "@claude-task-api/testkit";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const RUNNER = path.join(path.dirname(serverEntry), "runner", "run-task.js");
const root = mkdtempSync(path.join(tmpdir(), "cta-wrapper-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Runs the wrapper on a spec with these claude arguments; answers its exit record and log. */
async function runWrapper(argv: string[]) {
  const i = n++;
  const file = (name: string) => path.join(root, `${i}.${name}`);
  const spec: RunSpec = {
    argv,
    cwd: root,
    env: { PATH: "/usr/bin:/bin" },
    promptFile: file("prompt"),
    outputLog: file("log"),
    exitFile: file("exit.json"),
    pidFile: file("pid"),
  };
  writeFileSync(spec.promptFile, "hello");
  writeFileSync(file("spec.json"), JSON.stringify(spec));
  const status = await run(process.execPath, [RUNNER, file("spec.json")]).then(
    () => 0,
    (err: { code: number }) => err.code,
  );
  return {
    status,
    exit: parseRunExit(readFileSync(spec.exitFile, "utf8")),
    log: readFileSync(spec.outputLog, "utf8"),
  };
}

describe("the run wrapper when claude cannot be spawned", () => {
  it("records an argument over Linux's 128 KiB limit (E2BIG) with its reason", async () => {
    const { status, exit, log } = await runWrapper(["/bin/echo", `--append-system-prompt=${"x".repeat(131_072)}`]);
    expect(status).toBe(127);
    expect(exit).toMatchObject({ exit_code: 127, error: expect.stringMatching(/too long for the system \(E2BIG\)/) });
    expect(log).toMatch(/claude-task-api: could not start \/bin\/echo: .*E2BIG.*\n__CLAUDE_EXIT_CODE_127__\n$/);
  });

  it("records a NUL byte in an argument with its reason", async () => {
    const { status, exit } = await runWrapper(["/bin/echo", "--append-system-prompt=a\u0000b"]);
    expect(status).toBe(127);
    expect(exit?.error).toMatch(/could not start \/bin\/echo: .*null bytes/);
  });

  it("still runs a command within the limits (the check is not a blanket refusal)", async () => {
    const { status, exit, log } = await runWrapper(["/bin/echo", `--append-system-prompt=${"x".repeat(131_000)}`]);
    expect(status).toBe(0);
    expect(exit).toMatchObject({ exit_code: 0 });
    expect(exit?.error).toBeUndefined();
    expect(log.length).toBeGreaterThan(131_000);
  });
});
