/**
 * Completion scripts, run by the real shells: bash calls the completion function as readline
 * would (COMP_WORDS/COMP_CWORD), fish answers `complete -C`, zsh runs the function with the
 * completion system's primitives (compadd, _describe, _files) replaced by printers, since zsh
 * offers no non-interactive way to press Tab. Task ids come from a real server through the
 * hidden `__task-ids`, cached for a few seconds.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../support/run-binary.js";

let server: TestServer;
let root: string;
let ids: string[];
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const client = createClient({ baseUrl: server.url, token: server.token });
  ids = [];
  for (const prompt of ["@reply one", "@reply two"]) ids.push((await client.tasks.create({ prompt })).task_id);
  root = mkdtempSync(join(tmpdir(), "claude-tasks-completion-"));
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "home"));
  // `claude-tasks` on PATH, as an installed CLI would be.
  writeFileSync(join(root, "bin/claude-tasks"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(root, "bin/claude-tasks"), 0o755);
  env = {
    PATH: `${join(root, "bin")}:${process.env.PATH}`,
    HOME: join(root, "home"),
    CLAUDE_TASKS_URL: server.url,
    CLAUDE_API_TOKEN: server.token,
  };
});
afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const shell = (cmd: string, args: string[]) =>
  promisify(execFile)(cmd, args, { env, encoding: "utf8", cwd: root }).then((r) => r.stdout);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("bash", () => {
  const complete = (line: string) => {
    const typed = line.endsWith(" ") ? [...words(line), ""] : words(line);
    const array = typed.map((word) => `'${word}'`).join(" ");
    return shell("bash", [
      "-c",
      `source <(claude-tasks completion bash); COMP_WORDS=(${array}); COMP_CWORD=${typed.length - 1}; _claude_tasks; echo "\${COMPREPLY[*]}"`,
    ]).then(words);
  };

  it("has one case per command (completion is no longer listed twice)", async () => {
    const script = await shell("claude-tasks", ["completion", "bash"]);
    expect(script.match(/^\s+completion\)/gm)).toHaveLength(1);
  });

  it("completes commands, flags, shells and task ids", async () => {
    expect(await complete("claude-tasks s")).toEqual(["show", "send", "steer", "schedule", "status"]);
    expect(await complete("claude-tasks run --wa")).toEqual(["--wait"]);
    expect(await complete("claude-tasks completion ")).toEqual(["bash", "zsh", "fish"]);
    expect(await complete("claude-tasks config ")).toEqual(["show", "use", "set"]);
    expect((await complete("claude-tasks show ")).sort()).toEqual([...ids].sort());
    expect(await complete(`claude-tasks logs ${ids[0]?.slice(0, -3)}`)).toEqual([ids[0]]);
  });
});

describe("fish", () => {
  const complete = (line: string) =>
    shell("fish", ["-c", `claude-tasks completion fish | source; complete -C ${JSON.stringify(line)}`]).then((out) =>
      out
        .split("\n")
        .filter(Boolean)
        .map((entry) => entry.split("\t")[0]),
    );

  it("completes commands with descriptions, flags, shells and task ids", async () => {
    const out = await shell("fish", ["-c", "claude-tasks completion fish | source; complete -C 'claude-tasks sh'"]);
    expect(out).toMatch(/^show\tshow a task's details/m);
    expect(await complete("claude-tasks run --wa")).toEqual(["--wait"]);
    expect(await complete("claude-tasks completion ")).toEqual(["bash", "fish", "zsh"]);
    expect((await complete("claude-tasks kill ")).sort()).toEqual([...ids].sort());
  });
});

describe("zsh", () => {
  const SHIM = `compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }
_describe() { local -a arr; arr=("\${(@P)2}"); print -l -- "\${arr[@]%%:*}" }
_files() { print -- "<files>" }
compdef() { print -- "compdef $*" }
source <(claude-tasks completion zsh)
words=(\${(z)1}); [[ $1 == *" " ]] && words+=("")
CURRENT=\${#words}; PREFIX=\${words[-1]}
_claude_tasks`;
  const complete = (line: string) => shell("zsh", ["-f", "-c", SHIM, "zsh", line]).then((out) => out.split("\n").filter(Boolean));

  it("registers itself and offers commands, flags, shells and task ids", async () => {
    expect(await complete("claude-tasks ")).toEqual(
      expect.arrayContaining(["compdef _claude_tasks claude-tasks", "run", "show", "completion"]),
    );
    expect(await complete("claude-tasks run --wa")).toContain("--wait");
    expect(await complete("claude-tasks completion ")).toEqual(["compdef _claude_tasks claude-tasks", "bash", "zsh", "fish"]);
    expect((await complete("claude-tasks wait ")).slice(1).sort()).toEqual([...ids].sort());
  });
});

describe("__task-ids", () => {
  it("answers from its cache for a few seconds, and never prints an error", async () => {
    expect(words(await shell("claude-tasks", ["__task-ids"])).sort()).toEqual([...ids].sort());
    expect(existsSync(join(root, "home/.cache/claude-tasks/task-ids.json"))).toBe(true);
    const run = (extra: Record<string, string>) =>
      promisify(execFile)("claude-tasks", ["__task-ids"], { env: { ...env, ...extra }, encoding: "utf8" });
    // A wrong token would be refused: the answer comes from the cache, not the server.
    const cached = await run({ CLAUDE_API_TOKEN: "wrong" });
    expect(words(cached.stdout).sort()).toEqual([...ids].sort());
    const elsewhere = await run({ CLAUDE_TASKS_URL: "http://127.0.0.1:1" });
    expect(elsewhere).toMatchObject({ stdout: "", stderr: "" });
  });
});
