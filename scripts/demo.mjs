#!/usr/bin/env node
/**
 * `npm run demo`: the real server, real tmux and the real claude CLI, wired to the scripted
 * model instead of Anthropic, so anyone can try the API with curl and no API key.
 * Everything lives in a temp directory that is removed on Ctrl-C.
 */
import { startTestServer } from "../packages/testkit/dist/index.js";

const port = process.env.PORT || "6080";
const server = await startTestServer({ env: { PORT: port } });
const base = server.url;

process.stdout.write(`
Demo server on ${base}  (real tmux + real claude CLI, answered by a scripted model)
  dashboard:   ${server.dashboardLink}
               (a one-time sign-in link: open it once in your browser)
  tasks dir:   ${server.tasksDir}
  workdir:     ${server.workdirRoot}
  tmux socket: ${server.tmuxSocket}   (attach: tmux -S ${server.tmuxSocket} attach -t claude-<task_id>)

Try it:
  export TOKEN=${server.token}
  curl -s -X POST ${base}/api/claude/tasks -H "Authorization: Bearer $TOKEN" \\
    -H 'Content-Type: application/json' -d '{"prompt":"@write hello.txt Hello from the demo\\n@reply I wrote hello.txt"}' | jq .
  curl -s ${base}/api/claude/tasks -H "Authorization: Bearer $TOKEN" | jq .
  curl -s ${base}/api/claude/tasks/<task_id> -H "Authorization: Bearer $TOKEN" | jq .status,.recent_output

The scripted model follows directives in the prompt, one per line:
  @reply <text>   @write <path> <content>   @bash <command>   @sleep <ms>   @fail <status>
Anything else gets "Scripted reply to: <your prompt>".

Press Ctrl-C to stop (the demo's files are removed).
`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
