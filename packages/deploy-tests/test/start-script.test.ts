// The rendered container start-up, run for real: it starts the bundled server, and its
// supervisor brings the server back within seconds after a kill -9 (and after a bundle
// update) while a task keeps running in tmux.
//
// claude is a stand-in here (a script that sleeps): the subject is the supervisor, not claude.
// The first pod also carries the queue and webhook values, to show they reach the server.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPod, startRenderedPod, waitHealthy, writeConfigMapVolume, writeScript } from "./support/pod.js";
import { childrenMatching, environOf, http, isAlive, tmuxHasSession } from "./support/processes.js";

describe("start-task-api.sh without a workspace command", () => {
  let pod: LocalPod;
  let token: string;
  let taskId: string;
  let serverPid: number;
  const fakeDir = path.join(process.env.TMPDIR ?? "/tmp", `fake-claude-${process.pid}`);
  const webhookKey = "test-webhook-key-0123456789";

  const serverPids = () => childrenMatching(pod.child.pid as number, "main.js");
  const newServerPid = (old: number) =>
    waitFor(`a new server pid (old ${old})`, async () => {
      const [pid] = await serverPids();
      return pid !== undefined && pid !== old ? pid : undefined;
    });
  const task = async () =>
    (await http(`${pod.baseUrl}/api/claude/tasks/${taskId}`, { headers: { authorization: `Bearer ${token}` } })).body;

  beforeAll(async () => {
    const fakeClaude = await writeScript(
      path.join(fakeDir, "claude"),
      // Answers /readyz's `claude --version` like the real one; a run records its environment.
      '[ "$1" = --version ] && echo "2.1.328 (Claude Code)" && exit 0\nenv > "$PWD/.fake-claude-env"\necho \'{"type":"system","subtype":"init"}\'\nexec sleep 120',
    );
    pod = await startRenderedPod({
      values: {
        taskApi: {
          claudeBin: fakeClaude,
          maxConcurrentTasks: 1,
          webhooks: { secret: webhookKey, allowedHosts: ["hooks.example.com"] },
        },
      },
      // Ready needs a credential for claude, and (this test runs as root, the chart's pod as
      // uid 1000) the sandbox flag that lets root use bypassPermissions.
      env: { ANTHROPIC_API_KEY: "sk-ant-test", ...(process.getuid?.() === 0 && { IS_SANDBOX: "1" }) },
    });
  });

  afterAll(async () => {
    await pod?.stop();
    await rm(fakeDir, { recursive: true, force: true });
  });

  it("starts the server, which answers /healthz", async () => {
    await waitHealthy(pod);
    const pids = await serverPids();
    expect(pids).toHaveLength(1);
    serverPid = pids[0] as number;
    // Settings reach the server without their TASK_API_ prefix, and only the server.
    const env = await environOf(serverPid);
    expect(env.TASKS_DIR).toBe(path.join(pod.home, ".claude-tasks"));
    expect(env.TMUX_SOCKET).toBe(pod.socket);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.MAX_CONCURRENT_TASKS).toBe("1");
    expect(env.WEBHOOK_ALLOWED_HOSTS).toBe("hooks.example.com");
    expect(env.MAX_TIMEOUT_SECONDS).toBe("604800");
    // The webhook key arrives from the release's Secret, under its real name only.
    expect(env.WEBHOOK_SECRET).toBe(webhookKey);
    expect(env).not.toHaveProperty("TASK_API_WEBHOOK_SECRET");
    // Never on a command line, which every process of the pod can read.
    expect(await readFile(`/proc/${serverPid}/cmdline`, "utf8")).not.toContain(webhookKey);
    expect((await environOf(pod.child.pid as number)).PORT).toBeUndefined();
  });

  it("is ready on /readyz with tmux and an executable claude", async () => {
    const ready = await http(`${pod.baseUrl}/readyz`);
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);
    expect(ready.body.status).toBe("ready");
  });

  it("runs a task in tmux", async () => {
    const tokenResponse = await http(`${pod.baseUrl}/oauth/api/claude/auth/token`, {
      headers: { "x-auth-request-email": "alice@example.com" },
    });
    expect(tokenResponse.status).toBe(200);
    token = tokenResponse.body.token;
    expect(await readFile(path.join(pod.home, ".claude-tasks", ".api-token"), "utf8")).toContain(token);
    const created = await http(`${pod.baseUrl}/api/claude/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: { prompt: "sleep for a while", workdir: pod.home },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    taskId = created.body.task_id;
    expect(created.body.status).toBe("running");
    await waitFor(
      "the fake claude's first line",
      async () =>
        (await readFile(path.join(pod.home, ".claude-tasks", taskId, "output.log"), "utf8")).includes('"init"') || undefined,
    );
    // claude (and whatever a task runs) never sees the webhook key.
    const claudeEnv = await readFile(path.join(pod.home, ".fake-claude-env"), "utf8");
    expect(claudeEnv).toContain("HOME=");
    expect(claudeEnv).not.toContain(webhookKey);
  });

  it("queues a second task while the first holds the only slot (taskApi.maxConcurrentTasks: 1)", async () => {
    const second = await http(`${pod.baseUrl}/api/claude/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: { prompt: "wait your turn", workdir: pod.home },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.status).toBe("queued");
    expect(second.body.queue_position).toBe(1);
  });

  it("takes callbacks only to the allowed hosts (taskApi.webhooks)", async () => {
    const create = (callback_url: string) =>
      http(`${pod.baseUrl}/api/claude/tasks`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: { prompt: "call me", workdir: pod.home, callback_url },
      });
    // Refused before anything starts: the server has the secret (or it would ask for one) and the list.
    const refused = await create("http://169.254.169.254/latest/meta-data/");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain("is not in WEBHOOK_ALLOWED_HOSTS");
    const accepted = await create("https://hooks.example.com/claude");
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.status).toBe("queued");
  });

  it("brings the server back within a few seconds after kill -9, and the task keeps running", async () => {
    const killedAt = Date.now();
    process.kill(serverPid, "SIGKILL");
    const replacement = await newServerPid(serverPid);
    await waitHealthy(pod);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(isAlive(serverPid)).toBe(false);
    serverPid = replacement;
    expect(await tmuxHasSession(pod.socket, `claude-${taskId}`)).toBe(true);
    expect((await task()).status).toBe("running");
    expect(pod.logs()).toMatch(/exited with status 137; restarting in 1s/);
  });

  it("restarts only the server when the bundle changes (helm upgrade), and the task keeps running", async () => {
    // As the kubelet applies an updated ConfigMap: new files, ..data swapped, old files deleted.
    const files = pod.files.map((f) => (f.path === "main.js" ? { ...f, content: `${f.content}\n// a new release\n` } : f));
    await writeConfigMapVolume(pod.taskApiDir, files);
    const replacement = await newServerPid(serverPid);
    await waitHealthy(pod);
    expect(isAlive(pod.child.pid as number)).toBe(true);
    serverPid = replacement;
    expect(pod.logs()).toContain("server bundle changed");
    expect(await tmuxHasSession(pod.socket, `claude-${taskId}`)).toBe(true);
    expect((await task()).status).toBe("running");
  });

  it("stops the server and exits 0 on SIGTERM, leaving tasks to the tmux server", async () => {
    process.kill(pod.child.pid as number, "SIGTERM");
    expect(await pod.exited).toBe(0);
    await waitFor("the server to stop", async () => (isAlive(serverPid) ? undefined : true), 5_000);
    expect(await tmuxHasSession(pod.socket, `claude-${taskId}`)).toBe(true);
  });
});

describe("start-task-api.sh during a helm upgrade", () => {
  let pod: LocalPod;
  afterAll(async () => {
    await pod?.stop();
  });

  it("lets the server still running start tasks after the ConfigMap update deleted its old files", async () => {
    // No reload: the old server keeps running after the update, as it does for up to
    // reloadIntervalSeconds in a pod. Its runner must be found through the volume's symlinks.
    pod = await startRenderedPod({ values: { taskApi: { claudeBin: "/bin/true", reloadIntervalSeconds: 0 } } });
    await waitHealthy(pod);
    await writeConfigMapVolume(pod.taskApiDir, pod.files);
    const token = (
      await http(`${pod.baseUrl}/oauth/api/claude/auth/token`, { headers: { "x-auth-request-email": "alice@example.com" } })
    ).body.token;
    const auth = { authorization: `Bearer ${token}` };
    const created = await http(`${pod.baseUrl}/api/claude/tasks`, { method: "POST", headers: auth, body: { prompt: "hi" } });
    expect(created.status).toBe(201);
    const done = await waitFor("the task to finish", async () => {
      const task = (await http(`${pod.baseUrl}/api/claude/tasks/${created.body.task_id}`, { headers: auth })).body;
      return task.status === "running" ? undefined : task;
    });
    expect(done.status, JSON.stringify(done)).toBe("completed");
  });
});

describe("start-task-api.sh with a workspace command", () => {
  let pod: LocalPod;
  afterAll(async () => {
    await pod?.stop();
  });

  it("runs the command as the main process, without the server's settings, next to the server", async () => {
    const script =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
      'echo "ws: PORT=${PORT-unset} HOST=${HOST-unset} KEY=${TASK_API_WEBHOOK_SECRET-unset}"; exec sleep 60';
    pod = await startRenderedPod({
      values: {
        workspace: { command: ["/bin/sh", "-c", script] },
        // A claude that does not exist: alive (/healthz) but not ready (/readyz).
        taskApi: { claudeBin: "/nonexistent/claude", webhooks: { secret: "another-key-0123456789" } },
      },
    });
    await waitHealthy(pod);
    expect(pod.logs()).toContain("ws: PORT=unset HOST=unset KEY=unset");
    // The supervisor runs in a background copy of the script, which kept the key for the server.
    const [supervisor] = await childrenMatching(pod.child.pid as number, "start-task-api.sh");
    const [server] = await childrenMatching(supervisor as number, "main.js");
    expect((await environOf(server as number)).WEBHOOK_SECRET).toBe("another-key-0123456789");
    const notReady = await http(`${pod.baseUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.body.status).toBe("not_ready");
    expect(notReady.body.checks.claude).toContain("/nonexistent/claude");
    const main = await readFile(`/proc/${pod.child.pid}/cmdline`, "utf8");
    expect(main.split("\0")).toEqual(["sleep", "60", ""]);
  });
});

describe("start-task-api.sh without claude on PATH", () => {
  let pod: LocalPod | undefined;
  afterAll(async () => {
    await pod?.stop();
  });

  it("installs the pinned claude CLI on the volume once, and gives it to the server", async () => {
    const bin = path.join(process.env.TMPDIR ?? "/tmp", `fake-npm-${process.pid}`);
    const npmLog = path.join(bin, "calls.log");
    // Stands in for `npm install --prefix DIR PKG`: records the call and creates DIR/node_modules/.bin/claude.
    await writeScript(
      path.join(bin, "npm"),
      `echo "$*" >> ${npmLog}
while [ "$#" -gt 0 ]; do [ "$1" = --prefix ] && prefix=$2; shift; done
mkdir -p "$prefix/node_modules/.bin" && printf '#!/bin/sh\\necho fake claude\\n' > "$prefix/node_modules/.bin/claude" && chmod +x "$prefix/node_modules/.bin/claude"`,
    );
    // The image's PATH without any claude; node, tmux and coreutils stay reachable.
    const podPath = [bin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(":");
    const home = path.join(bin, "home");
    // Two boots on the same volume: the first installs, the second reuses the install.
    for (let boot = 1; boot <= 2; boot++) {
      pod = await startRenderedPod({ values: { claude: { install: true, version: "2.1.328" } }, path: podPath, home });
      await waitHealthy(pod);
      const [server] = await childrenMatching(pod.child.pid as number, "main.js");
      const expected = path.join(home, ".claude-task-api/claude-code/2.1.328/node_modules/.bin/claude");
      expect((await environOf(server as number)).CLAUDE_BIN).toBe(expected);
      expect(await readFile(path.join(home, ".local/bin/claude"), "utf8")).toContain("fake claude");
      await pod.stop();
    }
    const calls = (await readFile(npmLog, "utf8")).trim().split("\n");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(
      /^install --prefix \S+\/claude-code\/2\.1\.328\.partial\.\d+ .*@anthropic-ai\/claude-code@2\.1\.328$/,
    );
    await rm(bin, { recursive: true, force: true });
  });
});
