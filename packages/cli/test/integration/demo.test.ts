/**
 * `npm run demo` followed literally: start scripts/demo.mjs, paste the lines its banner prints
 * into bash (export, alias, the CLI and curl examples), and see a finished task; then the root
 * README's own examples (the Quick start's demo block, "The API at a glance" and the structured
 * results), as written, and the banner naming every directive of the scripted model;
 * then Ctrl-C must remove every file the demo made. A busy port is one line, and leaves nothing
 * behind.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("../../../../scripts/demo.mjs", import.meta.url));
const README = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");

/** The first ```bash block after `heading` in the root README. */
function readmeBlock(heading: string): string {
  const from = README.indexOf(heading);
  expect(from, heading).toBeGreaterThan(-1);
  return /```bash\n([\s\S]*?)```/.exec(README.slice(from))?.[1] as string;
}

let demo: ChildProcess | undefined;

/** Starts the demo and resolves with its banner once it is complete. */
function startDemo(port: number): Promise<string> {
  const child = spawn(process.execPath, [DEMO], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo = child;
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (data: Buffer) => {
      out += data.toString();
      if (out.includes("Press Ctrl-C")) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`demo exited with ${code} before its banner:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));

/** The banner's lines from the one starting with `start` up to the next blank line. */
function section(banner: string, start: string): string[] {
  const lines = banner.split("\n");
  const from = lines.findIndex((line) => line.startsWith(start));
  const to = lines.findIndex((line, index) => index > from && line.trim() === "");
  return lines.slice(from + 1, to).map((line) => line.trim());
}

describe("the demo, followed literally", () => {
  let banner: string;
  let tasksDir: string;
  let exportLine: string;
  let aliasLine: string;
  const bash = (script: string) =>
    promisify(execFile)("bash", ["-c", script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: "utf8",
    });

  beforeAll(async () => {
    banner = await startDemo(await freePort());
    tasksDir = /tasks dir:\s+(\S+)/.exec(banner)?.[1] as string;
    [exportLine = "", aliasLine = ""] = section(banner, "In another terminal");
  });
  afterAll(() => {
    if (demo && demo.exitCode === null) demo.kill("SIGKILL");
  });

  it("prints CLI and curl lines that work as pasted", async () => {
    expect(existsSync(tasksDir)).toBe(true);
    const cliLines = section(banner, "The CLI:").filter((line) => !line.includes("<task_id>"));
    const curlLines = section(banner, "curl:")
      .join("\n")
      .replace(/\\\n\s*/g, "");
    const { stdout, stderr } = await bash(
      ["shopt -s expand_aliases", exportLine, aliasLine, ...cliLines, curlLines, 'echo "ID=$ID"'].join("\n"),
    );
    // run --follow: the transcript and the final line; list shows that task; curl waits for the second.
    expect(stdout).toContain("→ Write");
    expect(stderr).toMatch(/\d{10}-[0-9a-f]{8} completed/);
    expect(stdout.match(/\d{10}-[0-9a-f]{8}\s+completed/g)).toHaveLength(1);
    expect(stdout).toContain('"completed"\n"I wrote hello.txt"');
    expect(stdout).toMatch(/ID=\d{10}-[0-9a-f]{8}\n/);
  });

  it("then runs the root README's Quick start and API examples as written", async () => {
    const fromReadme = await bash(
      [
        "shopt -s expand_aliases",
        exportLine,
        aliasLine,
        "set -e",
        readmeBlock("**Try it with the demo.**"),
        readmeBlock("## The API at a glance"),
      ].join("\n"),
    );
    expect(fromReadme.stderr).toMatch(/\d{10}-[0-9a-f]{8} completed/);
    expect(fromReadme.stdout).toMatch(/^✓ server +http:/m);
    expect(fromReadme.stdout).not.toMatch(/^✗/m);
    expect(fromReadme.stdout).toContain('"task_id":');
    expect(fromReadme.stdout).toContain('{"status":"ok"}');
  });

  it("lists every directive the scripted model follows, and the README's structured-output example works as written", async () => {
    const directives = readFileSync(
      fileURLToPath(new URL("../../../../tools/testkit/src/scripted-model/directives.ts", import.meta.url)),
      "utf8",
    );
    const names = (/@\(([a-z|]+)\)/.exec(directives)?.[1] ?? "").split("|");
    expect(names).toContain("tool");
    for (const name of names) expect(section(banner, "The scripted model").join("\n")).toContain(`@${name} <`);
    // H and URL as the README's API section sets them, then its structured-output block.
    const setup = readmeBlock("## The API at a glance").split("\n").slice(0, 2);
    expect(setup.join("\n")).toMatch(/^H=.*\nURL=/);
    const structured = await bash(
      [exportLine, "set -e", ...setup, readmeBlock("**Structured results.**"), 'echo "ID=$ID"'].join("\n"),
    );
    expect(JSON.parse(structured.stdout.slice(0, structured.stdout.lastIndexOf("ID=")))).toEqual({
      present: true,
      path: "CHANGELOG.md",
    });
    expect(structured.stdout).toMatch(/ID=\d{10}-[0-9a-f]{8}\n$/);
  });

  it("and Ctrl-C removes every file it made", async () => {
    demo?.kill("SIGINT");
    expect(await exited(demo as ChildProcess)).toBe(0);
    expect(existsSync(path.dirname(tasksDir))).toBe(false);
  });
});

it("says in one line that a busy port is busy, and creates nothing", async () => {
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
  try {
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      execFile(process.execPath, [DEMO], { env: { ...process.env, PORT: String(port) }, encoding: "utf8" }, (error, out, err) =>
        resolve({ stdout: out, stderr: err, code: error ? (error.code as number) : 0 }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`demo: port ${port} is in use; set PORT (for example PORT=${port + 1} npm run demo)\n`);
  } finally {
    holder.close();
  }
});
