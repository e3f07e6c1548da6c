/**
 * The SDK README's first example type-checks as a strict consumer writes it: with
 * exactOptionalPropertyTypes, `token: process.env.CLAUDE_API_TOKEN` (string | undefined) must be
 * accepted. Compiles the example, copied from the README as it is now, with tsc.
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { consumerTsc } from "./consumer-tsc.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const tsconfig = fileURLToPath(new URL("./types/tsconfig.json", import.meta.url));
const target = fileURLToPath(new URL("./types/readme-example.generated.ts", import.meta.url));
afterAll(() => rmSync(target, { force: true }));

const compile = (source: string) => {
  writeFileSync(target, source);
  return promisify(execFile)(process.execPath, [consumerTsc, "-p", tsconfig], { encoding: "utf8" }).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );
};

it("the README's first example compiles under exactOptionalPropertyTypes", async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("token: process.env.CLAUDE_API_TOKEN");
  expect(await compile(`export {};\n${example}`)).toBe("");
});

it("the check is real: a wrong option type fails to compile", async () => {
  const errors = await compile(`import { createClient } from "@claude-task-api/sdk";\ncreateClient({ retries: "2" });\n`);
  expect(errors).toMatch(/error TS2322/);
});
