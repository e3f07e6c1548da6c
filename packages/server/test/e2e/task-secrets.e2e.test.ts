/**
 * Secrets per task: a task names the operator's secrets (SECRETS_DIR) it needs; its runs get
 * them as environment variables and nothing else does (another task, tmux, the wrapper, the
 * task's files, the server's log), and every output path shows `[secret:NAME]` instead.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";
import { openSse } from "../helpers/sse.js";

// A quote and a backslash: stream-json prints the value JSON-escaped, the pane raw.
const TOKEN = 'ghp_Zx9"secret\\value_4242';
const ESCAPED = JSON.stringify(TOKEN).slice(1, -1);
const OTHER = "other-secret-value-7777";
const FORMS = [TOKEN, ESCAPED, OTHER, "ghp_Zx9"];

let server: TestServer;
let t: ReturnType<typeof api>;
let secretsDir: string;
let receiver: Server;
const webhookBodies: string[] = [];

beforeAll(async () => {
  secretsDir = mkdtempSync(path.join(tmpdir(), "task-secrets-"));
  writeFileSync(path.join(secretsDir, "GITHUB_TOKEN"), `${TOKEN}\n`);
  writeFileSync(path.join(secretsDir, "OTHER_TOKEN"), OTHER);
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      webhookBodies.push(body);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  server = await startTestServer({
    env: {
      SECRETS_DIR: secretsDir,
      WEBHOOK_SECRET: "a-webhook-secret-for-tests",
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
    },
  });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  receiver?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

/** Fails naming where a secret's value (in any of its forms) was found. */
function expectNoSecret(where: string, text: string): void {
  for (const form of FORMS) expect(text.includes(form), `${where} holds ${JSON.stringify(form)}`).toBe(false);
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<[string, string]> {
  // A file can go between the listing and the read: the server writes task.json through a
  // temporary file and a rename, and a wrapper removes its run's files as it ends. List again
  // then, so that the file that replaced it is read too.
  for (let attempt = 1; ; attempt++) {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .map((file) => [file, readFileSync(file, "utf8")]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 20) throw err;
    }
  }
}

const stepSeen = (prompt: string, step: number) =>
  waitFor(`the model to get step ${step} of ${prompt}`, async () =>
    server.model.requests.some((r) => r.kind === "conversation" && r.prompt === prompt && r.step === step) ? true : undefined,
  );

it("refuses a secret the server does not provide, naming it", async () => {
  const res = await t.create({ prompt: "hi", secrets: ["GITHUB_TOKEN", "NO_SUCH_SECRET"] });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ code: "validation_failed" });
  expect(res.json.error).toContain("NO_SUCH_SECRET");
  const badName = await t.create({ prompt: "hi", secrets: ["not-a-name"] });
  expect(badName.status).toBe(400);
  expect(badName.json.code).toBe("validation_failed");
});

it("gives a run its secrets and nothing else, and shows [secret:NAME] wherever the run prints one", async () => {
  const promptA = "secret task A";
  const release = path.join(server.workdirRoot, "release-a");
  server.model.setRules([
    {
      match: promptA,
      replies: [
        { toolUse: { name: "Bash", input: { command: "printenv GITHUB_TOKEN; printenv GITHUB_TOKEN > a-token.txt" } } },
        { toolUse: { name: "Bash", input: { command: `while [ ! -e ${release} ]; do sleep 0.05; done` } } },
        { text: `The token is ${TOKEN}` },
      ],
    },
    {
      match: "plain task B",
      replies: [{ toolUse: { name: "Bash", input: { command: "env > b-env.txt" } } }, { text: "done" }],
    },
    {
      match: "follow-up A2",
      replies: [{ toolUse: { name: "Bash", input: { command: "printenv GITHUB_TOKEN > a2-token.txt" } } }, { text: "done" }],
    },
  ]);
  const created = await t.create({ prompt: promptA, secrets: ["GITHUB_TOKEN"], callback_url: receiverUrl() });
  expect(created.status).toBe(201);
  expect(created.json.secrets).toEqual(["GITHUB_TOKEN"]);
  const id = created.json.task_id;

  // While run A holds its secret: another task's run does not get it.
  const other = await t.create({ prompt: "plain task B" });
  expect((await t.finished(other.json.task_id)).status).toBe("completed");
  const bEnv = readFileSync(path.join(server.workdirRoot, "b-env.txt"), "utf8");
  expect(bEnv).toContain("PATH=");
  expectNoSecret("task B's environment", bEnv);

  // Step 1: printenv has run (its result came back); the loop keeps the run alive until released.
  await stepSeen(promptA, 1);
  expect(readFileSync(path.join(server.workdirRoot, "a-token.txt"), "utf8")).toBe(`${TOKEN}\n`);
  const tmux = (...args: string[]) =>
    execFileSync("tmux", ["-S", server.tmuxSocket, ...args], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      encoding: "utf8",
    });
  expectNoSecret("tmux's global environment", tmux("show-environment", "-g"));
  expectNoSecret("the session's environment", tmux("show-environment", "-t", created.json.tmux_session));
  const wrapperPid = readFileSync(path.join(server.tasksDir, id, "runs", "0.pid"), "utf8").trim();
  expectNoSecret("the wrapper's environment", readFileSync(`/proc/${wrapperPid}/environ`, "utf8"));
  // The spec, task.json and every other file of the task, while the run is live.
  expect(existsSync(path.join(server.tasksDir, id, "runs", "0.spec.json"))).toBe(false);
  for (const [file, text] of filesUnder(path.join(server.tasksDir, id))) {
    if (file.endsWith("output.log")) continue;
    expectNoSecret(file, text);
  }
  const runningLog = await waitFor("the redacted tool result in output.log", async () => {
    const log = readFileSync(path.join(server.tasksDir, id, "output.log"), "utf8");
    return log.includes("[secret:GITHUB_TOKEN]") ? log : undefined;
  });
  expectNoSecret("output.log while running", runningLog);

  writeFileSync(release, "");
  const done = await t.finished(id);
  expect(done.status).toBe("completed");
  expect(done.result.text).toBe("The token is [secret:GITHUB_TOKEN]");
  expect(done.recent_output).toContain("[secret:GITHUB_TOKEN]");
  expectNoSecret("the detail", JSON.stringify(done));
  const output = await t.output(id);
  expect(output.text).toContain("[secret:GITHUB_TOKEN]");
  expectNoSecret("GET output", output.text);
  const events = await (
    await openSse(`${server.url}/api/claude/tasks/${id}/events`, { authorization: `Bearer ${server.token}` })
  ).collect((e) => e.event === "end");
  expect(events.some((e) => e.data.includes("[secret:GITHUB_TOKEN]"))).toBe(true);
  expectNoSecret("the event stream", JSON.stringify(events));
  const hook = await waitFor("the finish webhook", async () =>
    webhookBodies.find((b) => b.includes(id) && b.includes('"completed"')),
  );
  expect(hook).toContain("[secret:GITHUB_TOKEN]");
  expectNoSecret("the webhook payload", webhookBodies.join("\n"));

  // A follow-up run of the task gets the secret again.
  const followup = await t.message(id, "follow-up A2");
  expect(followup.status).toBe(200);
  expect((await t.finished(id)).status).toBe("completed");
  expect(readFileSync(path.join(server.workdirRoot, "a2-token.txt"), "utf8")).toBe(`${TOKEN}\n`);

  for (const [file, text] of filesUnder(server.tasksDir)) expectNoSecret(file, text);
  expectNoSecret("the task list", (await t.list()).text);
  expectNoSecret("the server's log", server.logs());
});

it("shows an approval's input without the secret, and runs the tool as Claude asked", async () => {
  const prompt = "approval with the token";
  // Claude saw the value in an earlier tool result and now writes it into a command.
  server.model.setRules([
    {
      match: prompt,
      replies: [
        { toolUse: { name: "Bash", input: { command: `printf %s '${TOKEN.replace(/'/g, "'\\''")}' > approved-token.txt` } } },
        { text: "done" },
      ],
    },
  ]);
  const created = await t.create({ prompt, secrets: ["GITHUB_TOKEN"], permission_mode: "default", approvals: true });
  expect(created.status).toBe(201);
  const id = created.json.task_id;
  const pending = await waitFor("the Bash approval", async () => (await t.get(id)).json.pending_approvals?.[0]);
  expect(pending.input.command).toContain("[secret:GITHUB_TOKEN]");
  expectNoSecret("the pending approval", JSON.stringify((await t.get(id)).json));
  const allowed = await t.call("POST", `/api/claude/tasks/${id}/approvals/${pending.approval_id}`, {
    body: { decision: "allow" },
  });
  expect(allowed.status).toBe(200);
  expectNoSecret("the approval's answer", allowed.text);
  expect((await t.finished(id)).status).toBe("completed");
  expect(readFileSync(path.join(server.workdirRoot, "approved-token.txt"), "utf8")).toBe(TOKEN);
  for (const [file, text] of filesUnder(path.join(server.tasksDir, id))) expectNoSecret(file, text);
});

it("fails a run whose secret was removed since the task was created, saying which", async () => {
  const created = await t.create({ prompt: "@reply first", secrets: ["OTHER_TOKEN"] });
  expect(created.status).toBe(201);
  expect((await t.finished(created.json.task_id)).status).toBe("completed");
  rmSync(path.join(secretsDir, "OTHER_TOKEN"));
  await t.message(created.json.task_id, "@reply second");
  const done = await t.finished(created.json.task_id);
  expect(done.status).toBe("error");
  expect(done.error).toContain("secret OTHER_TOKEN is no longer provided");
  expect(done.error_kind).toBe("cli_failed");
  const refused = await t.create({ prompt: "hi", secrets: ["OTHER_TOKEN"] });
  expect(refused.status).toBe(400);
  expect(refused.json.error).toContain("OTHER_TOKEN");
});
