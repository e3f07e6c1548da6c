/**
 * The real run wrapper (dist/runner/run-task.js) records why claude could not be spawned in the
 * run's exit record and output.log, whatever the failure: a task then says why it failed
 * rather than "its tmux session is gone".
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { serverEntry } from "@claude-task-api/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { type RunExit, readRunExit } from "../../src/runner/protocol/run-exit.js";
import { type RunSpec, runSpecFile } from "../../src/runner/protocol/run-spec.js";

const run = promisify(execFile);
const RUNNER = path.join(path.dirname(serverEntry), "runner", "run-task.js");
const root = mkdtempSync(path.join(tmpdir(), "cta-wrapper-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** The exit record the wrapper left (the test fails when it cannot be read). */
function exitRecord(file: string): RunExit {
  const read = readRunExit(readFileSync(file, "utf8"));
  if (!read.ok) throw new Error(read.problem);
  return read.value;
}

/**
 * Runs the wrapper on a spec with these claude arguments (the spec's text as `specText` makes
 * of it, by default as this server writes it); answers its exit status, exit record and log.
 */
async function runWrapper(argv: string[], specText: (spec: RunSpec) => string = runSpecFile) {
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
  writeFileSync(file("spec.json"), specText(spec));
  const result = await run(process.execPath, [RUNNER, file("spec.json")]).then(
    (out) => ({ status: 0, stderr: out.stderr }),
    (err: { code: number; stderr: string }) => ({ status: err.code, stderr: err.stderr }),
  );
  return {
    ...result,
    specLeft: existsSync(file("spec.json")),
    exit: existsSync(spec.exitFile) ? exitRecord(spec.exitFile) : undefined,
    log: existsSync(spec.outputLog) ? readFileSync(spec.outputLog, "utf8") : "",
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

describe("the run wrapper and the run spec's protocol version", () => {
  it("runs a spec without a version, as servers before versions wrote it", async () => {
    const { status, exit, log } = await runWrapper(["/bin/echo", "ran"], (spec) => JSON.stringify(spec));
    expect(status).toBe(0);
    expect(exit).toMatchObject({ exit_code: 0 });
    expect(log).toBe("ran\n__CLAUDE_EXIT_CODE_0__\n");
    // The record says where the real exit marker ends.
    expect(exit?.marker_end).toBe(Buffer.byteLength(log));
  });

  it("refuses a spec of a newer protocol: nothing runs, and the log and exit record say why", async () => {
    const { status, exit, log, specLeft } = await runWrapper(["/bin/touch", path.join(root, "must-not-exist")], (spec) =>
      JSON.stringify({ ...spec, protocol: 2 }),
    );
    expect(status).toBe(127);
    expect(existsSync(path.join(root, "must-not-exist"))).toBe(false);
    expect(specLeft).toBe(false); // it holds the environment: removed all the same
    expect(exit?.error).toMatch(
      /^this run cannot start: the run spec uses run protocol 2, newer than this claude-task-api understands \(1\)/,
    );
    expect(log).toMatch(
      /^claude-task-api: this run cannot start: the run spec uses run protocol 2.*\n__CLAUDE_EXIT_CODE_127__\n$/,
    );
  });

  it("refuses a spec it cannot understand, naming the field", async () => {
    const { status, exit } = await runWrapper(["/bin/echo"], (spec) => JSON.stringify({ ...spec, argv: "echo" }));
    expect(status).toBe(127);
    expect(exit?.error).toMatch(/the run spec is not valid: argv: /);
  });

  it("says on stderr why, when the spec does not even say where its log goes", async () => {
    const { status, stderr } = await runWrapper(["/bin/echo"], () => "[1,2]");
    expect(status).toBe(2);
    expect(stderr).toMatch(/claude-task-api: this run cannot start: the run spec is not a JSON object/);
  });
});
