#!/usr/bin/env node
/**
 * `npm run demo`: the real server, real tmux and the real claude CLI, wired to the scripted
 * model instead of Anthropic, so anyone can try the API with curl or the CLI and no API key.
 * Everything lives in a temp directory that is removed on every way out: Ctrl-C, SIGTERM,
 * SIGHUP (the terminal closed), or a crash.
 */
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer } from "../tools/testkit/dist/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cliEntry = path.join(root, "packages/cli/dist/claude-tasks.js");
const port = Number(process.env.PORT || "6080");

/** Resolves when nothing listens on the port (checked before anything is created, so nothing leaks). */
function portIsFree(number) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port: number, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`demo: PORT must be a port number (1-65535), got "${process.env.PORT}"\n`);
  process.exit(2);
}
if (!(await portIsFree(port))) {
  process.stderr.write(`demo: port ${port} is in use; set PORT (for example PORT=${port + 1} npm run demo)\n`);
  process.exit(1);
}

// A demo serves people: no response check (tests turn it on).
const server = await startTestServer({ env: { PORT: String(port) }, checkResponses: false });
let stopping;
const stop = (code) => {
  stopping ??= server.stop().finally(() => process.exit(code));
  return stopping;
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void stop(0));
process.on("uncaughtException", (error) => {
  process.stderr.write(`demo: ${error.stack ?? error}\n`);
  void stop(1);
});
process.on("unhandledRejection", (error) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.stack : error}\n`);
  void stop(1);
});

const base = server.url;
const prompt = String.raw`@write hello.txt Hello from the demo\n@reply I wrote hello.txt`;
process.stdout.write(`
Demo server on ${base}  (real tmux + real claude CLI, answered by a scripted model)
  dashboard:   ${server.dashboardLink}
               (a one-time sign-in link: open it once in your browser)
  tasks dir:   ${server.tasksDir}
  workdir:     ${server.workdirRoot}
  tmux socket: ${server.tmuxSocket}   (attach: tmux -S ${server.tmuxSocket} attach -t claude-<task_id>)

In another terminal, paste these two lines; then the CLI and every README example work:
  export CLAUDE_TASKS_URL=${base} CLAUDE_API_TOKEN=${server.token} TOKEN=${server.token}
  alias claude-tasks='node ${cliEntry}'   # or, from the clone: npm run cli -- <command>

The CLI:
  claude-tasks run --follow $'${prompt}'
  claude-tasks list
  claude-tasks show <task_id>

curl:
  ID=$(curl -s -X POST ${base}/api/claude/tasks -H "Authorization: Bearer $TOKEN" \\
    -H 'Content-Type: application/json' -d '{"prompt":"${prompt}"}' | jq -r .task_id)
  curl -s "${base}/api/claude/tasks/$ID?wait=30" -H "Authorization: Bearer $TOKEN" | jq .status,.result.text

The scripted model follows directives in the prompt, one per line:
  @reply <text>   @write <path> <content>   @bash <command>   @sleep <ms>   @fail <status>
  @tool <Name> <json>   any tool call: @tool Read {"file_path":"hello.txt"}; with an output_schema,
                        @tool StructuredOutput {"present": true} is the structured answer
Anything else gets "Scripted reply to: <your prompt>".

Press Ctrl-C to stop (the demo's files are removed).
`);
