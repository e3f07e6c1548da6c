/**
 * What a service gets from `npm install`: pack the built SDK (and the CLI) with plain `npm pack`,
 * install the tarballs into a scratch project with plain npm, type-check a ten-line program
 * against the SDK (library types included), run it and the installed `claude-tasks` against the
 * real server. Needs `pnpm build` first (dist/ is what gets packed).
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { consumerTsc } from "../consumer-tsc.js";

const sdkDir = fileURLToPath(new URL("../..", import.meta.url));
const cliDir = fileURLToPath(new URL("../../../cli", import.meta.url));

const PROGRAM = `import { createClient, parseStreamJson, summarize } from '@claude-task-api/sdk';

const client = createClient(); // CLAUDE_TASKS_URL and CLAUDE_API_TOKEN from the environment
const task = await client.tasks.create({ prompt: 'Say hello\\n@write hello.txt hi\\n@reply hello from a packed sdk' });
const types: string[] = [];
for await (const event of client.followOutput(task.task_id, { intervalMs: 200 })) types.push(event.type);
const done = await client.waitForTask(task.task_id, { timeoutMs: 60_000 });
const { resultText, turns } = summarize(parseStreamJson(await client.tasks.output(task.task_id)));
console.log(JSON.stringify({ status: done.status, resultText, turns, types }));
`;

let server: TestServer;
let scratch: string;
let packs: string;
let sdkManifestBefore: string;

beforeAll(async () => {
  if (!existsSync(join(sdkDir, "dist/index.js")))
    throw new Error("packages/sdk/dist is missing: run `pnpm build` before this test");
  sdkManifestBefore = readFileSync(join(sdkDir, "package.json"), "utf8");
  scratch = mkdtempSync(join(tmpdir(), "sdk-consumer-"));
  packs = mkdtempSync(join(tmpdir(), "sdk-pack-"));
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
  for (const dir of [scratch, packs]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const packing = new Map<string, Promise<string>>();
/** Packs the package in `dir` with plain `npm pack`, once per file run; the tarball's path. */
function pack(dir: string): Promise<string> {
  let tarball = packing.get(dir);
  if (!tarball) {
    const out = mkdtempSync(join(packs, "out-"));
    tarball = promisify(execFile)("npm", ["pack", "--pack-destination", out, "--loglevel=error"], { cwd: dir }).then(() =>
      join(out, readdirSync(out)[0] as string),
    );
    packing.set(dir, tarball);
  }
  return tarball;
}

/** The package.json inside a tarball. */
function packedManifest(tarball: string): { dependencies?: Record<string, string>; devDependencies?: unknown } {
  return JSON.parse(execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" }));
}

it("npm pack writes real versions (no catalog: or workspace:) and leaves package.json as it was", async () => {
  const manifest = packedManifest(await pack(sdkDir));
  expect(manifest.dependencies?.["openapi-fetch"]).toMatch(/^\d+\.\d+\.\d+$/);
  expect(JSON.stringify(manifest)).not.toMatch(/catalog:|workspace:/);
  expect(readFileSync(join(sdkDir, "package.json"), "utf8")).toBe(sdkManifestBefore);
  expect(existsSync(join(sdkDir, "package.json.workspace"))).toBe(false);
});

it("installs from the npm-packed tarballs, type-checks and runs a task to completion", async () => {
  // The SDK's tarball is the one the test above checked (packed once); the CLI's beside it.
  for (const tarball of await Promise.all([pack(sdkDir), pack(cliDir)])) copyFileSync(tarball, join(scratch, basename(tarball)));
  const tarballs = readdirSync(scratch).filter((name) => name.endsWith(".tgz"));
  expect(tarballs.sort()).toEqual(["claude-task-api-cli-0.1.0.tgz", "claude-task-api-sdk-0.1.0.tgz"]);

  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs.map((name) => `./${name}`)],
    { cwd: scratch, stdio: "pipe" },
  );
  expect(existsSync(join(scratch, "node_modules/@claude-task-api/sdk/dist/index.d.ts"))).toBe(true);

  writeFileSync(join(scratch, "app.ts"), PROGRAM);
  writeFileSync(
    join(scratch, "tsconfig.json"),
    JSON.stringify({
      // No Node types and no skipLibCheck: the published declarations must stand on their own.
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        outDir: "out",
      },
      files: ["app.ts"],
    }),
  );
  execFileSync(process.execPath, [consumerTsc, "-p", scratch], { cwd: scratch, stdio: "pipe" });

  // Asynchronously: the scripted model lives in this process and must keep answering meanwhile.
  const { stdout } = await promisify(execFile)(process.execPath, [join(scratch, "out/app.js")], {
    cwd: scratch,
    env: { ...process.env, CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token },
    encoding: "utf8",
    timeout: 50_000,
  });
  const result = JSON.parse(stdout.trim());
  expect(result).toMatchObject({ status: "completed", resultText: "hello from a packed sdk", turns: 2 });
  expect(result.types).toEqual(expect.arrayContaining(["system", "assistant", "user", "result", "exit"]));

  // The CLI from its own tarball, on the same server: it sees the task the program ran.
  const cli = await promisify(execFile)(join(scratch, "node_modules/.bin/claude-tasks"), ["list", "--json"], {
    cwd: scratch,
    env: { ...process.env, CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token },
    encoding: "utf8",
  });
  expect(JSON.parse(cli.stdout).tasks).toHaveLength(1);
});
