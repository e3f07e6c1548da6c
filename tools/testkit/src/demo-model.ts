#!/usr/bin/env node
// Runs the scripted model with its default (directive-driven) behaviour until
// interrupted: `node tools/testkit/dist/demo-model.js [--port N] [--quiet]`.
// Prints the URL on stdout (first line, for scripts); request logs go to stderr.

import { startScriptedModel } from "./scripted-model/index.js";

function portArg(argv: string[]): number {
  const i = argv.indexOf("--port");
  const value = i >= 0 ? argv[i + 1] : process.env.SCRIPTED_MODEL_PORT;
  const port = Number(value ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Bad port: ${value}`);
  return port;
}

const argv = process.argv.slice(2);
const quiet = argv.includes("--quiet");
const model = await startScriptedModel({
  port: portArg(argv),
  log: quiet ? undefined : (line) => process.stderr.write(`[scripted-model] ${line}\n`),
});
process.stdout.write(`${model.url}\n`);
process.stderr.write(`Scripted model listening; run claude with ANTHROPIC_BASE_URL=${model.url}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void model.close().then(() => process.exit(0));
  });
}
