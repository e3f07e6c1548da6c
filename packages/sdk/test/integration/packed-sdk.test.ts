/**
 * What a service gets from `npm install`: pack the built SDK, install the tarball into a scratch
 * project with npm, type-check a ten-line program against it (library types included) and run
 * it against the real server. Needs `pnpm build` first (dist/ is what gets packed).
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";

const sdkDir = fileURLToPath(new URL("../..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

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

beforeAll(async () => {
  if (!existsSync(join(sdkDir, "dist/index.js")))
    throw new Error("packages/sdk/dist is missing: run `pnpm build` before this test");
  scratch = mkdtempSync(join(tmpdir(), "sdk-consumer-"));
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("installs from the packed tarball, type-checks and runs a task to completion", async () => {
  // pnpm pack, not npm pack: npm would leave the workspace's `catalog:` versions unresolved.
  execFileSync("pnpm", ["pack", "--pack-destination", scratch], { cwd: sdkDir, stdio: "pipe" });
  const tarball = readdirSync(scratch).find((name) => name.endsWith(".tgz"));
  expect(tarball).toBeDefined();

  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${tarball}`], {
    cwd: scratch,
    stdio: "pipe",
  });
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
  execFileSync(process.execPath, [tsc, "-p", scratch], { cwd: scratch, stdio: "pipe" });

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
});
