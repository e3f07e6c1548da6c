/**
 * Approvals from the command line against the REAL server (real tmux, real claude, scripted
 * model): `run --approvals`, `approve` / `deny` with and without an approval id, the hint a
 * follower prints when it is not in a terminal, and the y/n question it asks when it is, after
 * the tool's whole input (run inside a real tmux pane, so stdin and stderr are a terminal).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type PendingApproval, type TaskApiClient } from "@claude-task-api/sdk";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../support/run-binary.js";
import { emptyHome, runInProcess } from "../support/run-in-process.js";

let server: TestServer;
let client: TaskApiClient;
let env: Record<string, string>;
// In-process: the commands' answers and exit codes are what is checked here. The followers below
// run the binary, whose streams (a pipe, a terminal) are what they are about.
const cli = (...argv: string[]) => runInProcess(argv, { env });

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token };
});
afterAll(() => server?.stop());

const pendingOf = (id: string, tool: string) =>
  waitFor(`task ${id} to wait for ${tool}`, async () =>
    (await client.tasks.get(id)).pending_approvals?.find((a: PendingApproval) => a.tool === tool),
  );

describe("approve and deny", () => {
  it("answer the only waiting approval, or the one named; say when none waits or the id is unknown", async () => {
    const started = await cli("run", "--approvals", "@write cli-approved.txt yes\n@bash rm -rf cli-nothing\n@reply cli done");
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    // --approvals alone picks a mode that asks (the server's default here never would).
    expect((await client.tasks.get(id)).options).toMatchObject({ approvals: true, permission_mode: "default" });

    const write = await pendingOf(id, "Write");
    const shown = await cli("show", id);
    expect(shown.stdout).toMatch(
      new RegExp(
        `^Waits for\\s+${write.approval_id} \\(Write .*cli-approved\\.txt\\) claude-tasks approve ${id} ${write.approval_id}`,
        "m",
      ),
    );
    expect((await cli("list")).stdout).toMatch(new RegExp(`^${id}\\s+running needs approval\\s`, "m"));
    const approved = await cli("approve", id);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe(`${id} ${write.approval_id} allowed Write\n`);
    const twice = await cli("approve", id, write.approval_id);
    expect(twice.code).toBe(6);
    expect(twice.stderr).toMatch(/already answered: allowed/);

    const bash = await pendingOf(id, "Bash");
    const denied = await cli("deny", id, bash.approval_id, "-m", "not today", "--json");
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toMatchObject({ approval_id: bash.approval_id, decision: "deny", message: "not today" });
    expect((await client.tasks.wait(id)).status).toBe("completed");
    expect(readFileSync(join(server.workdirRoot, "cli-approved.txt"), "utf8")).toBe("yes");

    const none = await cli("approve", id);
    expect(none.code).toBe(6);
    expect(none.stderr).toBe(`error: task ${id} waits for no approval\n`);
    const unknown = await cli("deny", id, "ap_ffffffffffffffff");
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/has no approval ap_ffffffffffffffff; "claude-tasks show/);
    const bad = await cli("approve", id, "../etc");
    expect(bad.code).toBe(2);
    const badInput = await cli("approve", id, write.approval_id, "--input", "[1]");
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(/expected a JSON object/);
  });

  it("run --follow outside a terminal says how to answer, and goes on once someone does", async () => {
    const follower = spawn(
      process.execPath,
      [BIN, "run", "--follow", "--approvals", "@write cli-follow.txt piped\n@reply followed"],
      {
        env: { PATH: process.env.PATH, HOME: emptyHome(), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    follower.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    follower.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => follower.on("close", resolve));
    const hint = await waitFor(
      "the follower's hint",
      async () => /answer with: claude-tasks approve (\S+) (ap_\w+)/.exec(stderr) ?? undefined,
    );
    const [, id, approvalId] = hint as unknown as [string, string, string];
    expect((await client.tasks.get(id)).pending_approvals?.map((a) => a.approval_id)).toEqual([approvalId]);
    await client.tasks.approve(id, approvalId);
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^\? Write .*cli-follow\.txt waits for approval \(ap_[0-9a-f]+\)$/m);
    expect(stdout).toMatch(/^✓ allowed Write$/m);
    expect(readFileSync(join(server.workdirRoot, "cli-follow.txt"), "utf8")).toBe("piped");
  });
});

describe("run --follow in a terminal", () => {
  it("asks y/n for each approval and sends the answer (a reason typed instead of n is the denial's message)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-tty-"));
    const socket = join(dir, "tmux.sock");
    const script = join(dir, "follow.sh");
    const exitFile = join(dir, "exit");
    const prompt = "@write cli-tty.txt typed-yes\n@bash rm -rf cli-tty-nothing\n@reply tty done";
    writeFileSync(join(dir, "prompt"), prompt);
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        `export CLAUDE_TASKS_URL='${server.url}' CLAUDE_API_TOKEN='${server.token}' HOME='${emptyHome()}' NO_COLOR=1`,
        `'${process.execPath}' '${BIN}' run --follow --approvals "$(cat '${join(dir, "prompt")}')"`,
        // Written whole, then renamed: the test waits for the file, and must never read it half-written.
        `echo $? > '${exitFile}.tmp' && mv '${exitFile}.tmp' '${exitFile}'`,
        "sleep 600",
      ].join("\n"),
      { mode: 0o755 },
    );
    const tmux = (...args: string[]) => execFileSync("tmux", ["-S", socket, ...args], { encoding: "utf8" });
    try {
      tmux("new-session", "-d", "-x", "200", "-y", "50", script);
      const screen = () => tmux("capture-pane", "-p", "-J");
      const question = (what: string, pattern: RegExp) =>
        waitFor(what, async () => (pattern.test(screen()) ? true : undefined)).catch((error: Error) => {
          throw new Error(`${error.message}; the terminal shows:\n${screen()}`);
        });
      // The whole input first, then the question.
      await question(
        "the Write question",
        /file_path:\n\s+\S*cli-tty\.txt\n.*\n\s+typed-yes\nAllow Write as shown above \(ap_\w+\)\? \[y\/N/,
      );
      tmux("send-keys", "y", "Enter");
      await question("the Bash question", /command:\n\s+rm -rf cli-tty-nothing\n[\s\S]*Allow Bash as shown above \(ap_\w+\)\?/);
      tmux("send-keys", "use git clean instead", "Enter");
      await waitFor("the command to end", async () => (existsSync(exitFile) ? true : undefined));
      expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
      expect(readFileSync(join(server.workdirRoot, "cli-tty.txt"), "utf8")).toBe("typed-yes");
      expect(screen()).toMatch(/✗ denied Bash: use git clean instead/);
    } finally {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the question back at once when the approval is answered elsewhere, and follows on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-tty-remote-"));
    const socket = join(dir, "tmux.sock");
    const script = join(dir, "follow.sh");
    const exitFile = join(dir, "exit");
    writeFileSync(join(dir, "prompt"), "@write cli-remote.txt answered-elsewhere\n@reply remote done");
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        `export CLAUDE_TASKS_URL='${server.url}' CLAUDE_API_TOKEN='${server.token}' HOME='${emptyHome()}' NO_COLOR=1`,
        `'${process.execPath}' '${BIN}' run --follow --approvals "$(cat '${join(dir, "prompt")}')"`,
        `echo $? > '${exitFile}.tmp' && mv '${exitFile}.tmp' '${exitFile}'`,
        "sleep 600",
      ].join("\n"),
      { mode: 0o755 },
    );
    const tmux = (...args: string[]) => execFileSync("tmux", ["-S", socket, ...args], { encoding: "utf8" });
    try {
      tmux("new-session", "-d", "-x", "200", "-y", "50", script);
      const screen = () => tmux("capture-pane", "-p", "-J");
      const asked = await waitFor(
        "the Write question",
        async () => /started[\s\S]*Allow Write as shown above \((ap_\w+)\)\? \[y\/N/.exec(screen()) ?? undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the terminal shows:\n${screen()}`);
      });
      const id = (/task (\S+) started/.exec(screen()) as RegExpExecArray)[1] as string;
      // Someone else (the dashboard, another shell) answers; nobody presses a key here.
      await client.tasks.approve(id, asked[1] as string);
      await waitFor("the command to end without a key pressed", async () => (existsSync(exitFile) ? true : undefined)).catch(
        (error: Error) => {
          throw new Error(`${error.message}; the terminal shows:\n${screen()}`);
        },
      );
      expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
      expect(screen()).toMatch(/\[y\/N, or type why not\] \n.*ap_\w+: answered elsewhere; the run goes on\n✓ allowed Write/);
      expect(screen()).toMatch(/^remote done$/m);
      expect(readFileSync(join(server.workdirRoot, "cli-remote.txt"), "utf8")).toBe("answered-elsewhere");
    } finally {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
