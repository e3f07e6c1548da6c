// The rendered container start-up, run for real: it starts the bundled server, and its
// supervisor brings the server back within seconds after a kill -9 (and after a bundle
// update) while a task keeps running in tmux.
//
// claude is a stand-in here (a script that sleeps): the subject is the supervisor, not claude.
// The first pod also carries the queue and webhook values, to show they reach the server.
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalPod,
  startRenderedPod,
  waitHealthy,
  withChangedBundle,
  writeConfigMapVolume,
  writeScript,
} from "./support/pod.js";
import { childrenMatching, environOf, http, isAlive, processesMatching, tmuxHasSession } from "./support/processes.js";

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
          webhooks: { secret: webhookKey, allowedHosts: ["hooks.example.com"], allowPrivateAddresses: true },
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
    expect(env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe("true");
    expect(env.MAX_TIMEOUT_SECONDS).toBe("604800");
    // The webhook key arrives as a file from the release's Secret, in no process's environment:
    // a task runs as the same user and could read /proc/<pid>/environ of each.
    expect(env).not.toHaveProperty("WEBHOOK_SECRET");
    expect(await readFile(env.WEBHOOK_SECRET_FILE as string, "utf8")).toBe(webhookKey);
    for (const pid of [serverPid, pod.child.pid as number]) {
      expect(JSON.stringify(await environOf(pid)), `pid ${pid}`).not.toContain(webhookKey);
    }
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

  it("serves /metrics with the process CPU counters (prom-client runs without @opentelemetry/api, left out of the bundle)", async () => {
    const metrics = await http(`${pod.baseUrl}/api/claude/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^process_cpu_seconds_total \d/m);
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total \d/m);
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
    process.kill(serverPid, "SIGKILL");
    const replacement = await newServerPid(serverPid);
    await waitHealthy(pod);
    expect(isAlive(serverPid)).toBe(false);
    serverPid = replacement;
    expect(await tmuxHasSession(pod.socket, `claude-${taskId}`)).toBe(true);
    expect((await task()).status).toBe("running");
    expect(pod.logs()).toMatch(/exited with status 137; restarting in 1s/);
  });

  it("restarts only the server when the bundle changes (helm upgrade), and the task keeps running", async () => {
    // As the kubelet applies an updated ConfigMap: new files, ..data swapped, old files deleted.
    // The bundle arrives brotli-compressed in three pieces; the script unpacks the new one beside the old.
    const files = withChangedBundle(pod.files, (main) => `${main}\n// a new release\n`);
    await writeConfigMapVolume(pod.taskApiDir, files);
    const replacement = await newServerPid(serverPid);
    await waitHealthy(pod);
    expect(isAlive(pod.child.pid as number)).toBe(true);
    serverPid = replacement;
    expect(pod.logs()).toContain("server bundle changed");
    // A reload is no crash: the new server starts at once, without the crash loop's delay.
    expect(pod.logs()).toMatch(/stopped for the new bundle; starting it now/);
    expect(pod.logs()).not.toMatch(/exited with status 143/);
    expect(await tmuxHasSession(pod.socket, `claude-${taskId}`)).toBe(true);
    expect((await task()).status).toBe("running");
  });

  it("keeps the server running while the bundle's pieces come from two releases (mid-upgrade)", async () => {
    const next = withChangedBundle(pod.files, (main) => `${main}\n// half an upgrade\n`);
    // The first ConfigMap (piece 0 and the checksums) updated, the others not yet: pieces of two releases.
    const first = new Set(["main.js.br.0", "bundle.sha256"]);
    const mixed = pod.files.map((f) => (first.has(f.path) ? (next.find((n) => n.path === f.path) as typeof f) : f));
    await writeConfigMapVolume(pod.taskApiDir, mixed);
    await waitFor("the supervisor to notice", async () => (pod.logs().includes("does not unpack (yet)") ? true : undefined));
    expect(isAlive(serverPid)).toBe(true);
    expect((await http(`${pod.baseUrl}/healthz`)).status).toBe(200);
    // The second ConfigMap follows: the new server takes over.
    await writeConfigMapVolume(pod.taskApiDir, next);
    serverPid = await newServerPid(serverPid);
    await waitHealthy(pod);
    expect((await task()).status).toBe("running");
  });

  it("keeps three unpacked bundles on the volume, the running one among them, also after a rollback", async () => {
    const unpacked = path.join(pod.home, ".claude-task-api", "server");
    const release = (n: number) => withChangedBundle(pod.files, (main) => `${main}\n// release ${n}\n`);
    for (const files of [release(2), release(3), release(4), pod.files]) {
      await writeConfigMapVolume(pod.taskApiDir, files);
      serverPid = await newServerPid(serverPid);
      await waitHealthy(pod);
    }
    // Five reloads within seconds: none of them was taken for a crash loop.
    expect(pod.logs().match(/stopped for the new bundle; starting it now/g)).toHaveLength(6);
    expect(pod.logs()).not.toMatch(/restarting in [248]s/);
    // The last one is the first bundle again (a rollback), whose directory was pruned meanwhile.
    const running = (await readFile(`/proc/${serverPid}/cmdline`, "utf8")).split("\0").find((a) => a.endsWith("main.js"));
    const dirs = await readdir(unpacked);
    expect(dirs.length).toBeLessThanOrEqual(3);
    expect(dirs.map((d) => path.join(unpacked, d, "main.js"))).toContain(running);
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
    // The workspace's command runs beside the supervisor: its line is waited for, not assumed.
    await waitFor("the workspace's line", async () => (pod.logs().includes("ws: ") ? true : undefined));
    expect(pod.logs()).toContain("ws: PORT=unset HOST=unset KEY=unset");
    // The supervisor runs in a background copy of the script; the key is a file, in no environment.
    const [supervisor] = await childrenMatching(pod.child.pid as number, "start-task-api.sh");
    const [server] = await childrenMatching(supervisor as number, "main.js");
    const serverEnv = await environOf(server as number);
    expect(await readFile(serverEnv.WEBHOOK_SECRET_FILE as string, "utf8")).toBe("another-key-0123456789");
    for (const pid of [pod.child.pid, supervisor, server] as number[]) {
      expect(JSON.stringify(await environOf(pid)), `pid ${pid}`).not.toContain("another-key-0123456789");
    }
    const notReady = await http(`${pod.baseUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.body.status).toBe("not_ready");
    expect(notReady.body.checks.claude).toContain("/nonexistent/claude");
    const main = await readFile(`/proc/${pod.child.pid}/cmdline`, "utf8");
    expect(main.split("\0")).toEqual(["sleep", "60", ""]);
  });
});

describe("start-task-api.sh with the token from an existing Secret (taskApi.token.existingSecret)", () => {
  let pod: LocalPod;
  const home = path.join(process.env.TMPDIR ?? "/tmp", `ws-token-home-${process.pid}`);
  afterAll(async () => {
    await pod?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("serves the Secret's token, replacing the one on the volume, in a private file", async () => {
    const ciToken = "ci-token-from-a-secret-0123456789";
    // A token the server made earlier, on the volume: the Secret's wins.
    await mkdir(path.join(home, ".claude-tasks"), { recursive: true, mode: 0o700 });
    await writeFile(path.join(home, ".claude-tasks", ".api-token"), "an-older-token-made-by-the-server\n", { mode: 0o600 });
    pod = await startRenderedPod({
      home,
      values: { taskApi: { claudeBin: "/nonexistent/claude", token: { existingSecret: "alice-ci-token" } } },
      secrets: { "alice-ci-token": { token: `${ciToken}\n` } },
    });
    await waitHealthy(pod);
    const asCi = await http(`${pod.baseUrl}/api/claude/tasks`, { headers: { authorization: `Bearer ${ciToken}` } });
    expect(asCi.status).toBe(200);
    const old = await http(`${pod.baseUrl}/api/claude/tasks`, {
      headers: { authorization: "Bearer an-older-token-made-by-the-server" },
    });
    expect(old.status).toBe(401);
    const file = path.join(home, ".claude-tasks", ".api-token");
    expect(await readFile(file, "utf8")).toBe(`${ciToken}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe("start-task-api.sh without claude on PATH", () => {
  const bin = path.join(process.env.TMPDIR ?? "/tmp", `fake-npm-${process.pid}`);
  // The image's PATH without any claude; node, tmux and coreutils stay reachable.
  const podPath = (first: string) => [first, path.dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  const readiness = async (pod: LocalPod) => (await http(`${pod.baseUrl}/readyz`)).body;
  let pod: LocalPod | undefined;
  afterAll(async () => {
    await pod?.stop();
    await rm(bin, { recursive: true, force: true });
  });

  it("starts the server first, installs the pinned claude CLI in the background once, and reports it in /readyz", async () => {
    const npmLog = path.join(bin, "calls.log");
    const gate = path.join(bin, "registry-answers");
    // Stands in for `npm install --prefix DIR PKG`: records the call, waits until the test lets
    // it finish (a slow registry), then creates DIR/node_modules/.bin/claude.
    await writeScript(
      path.join(bin, "npm"),
      `echo "$*" >> ${npmLog}
while [ ! -e ${gate} ]; do sleep 0.1; done
while [ "$#" -gt 0 ]; do [ "$1" = --prefix ] && prefix=$2; shift; done
mkdir -p "$prefix/node_modules/.bin" && printf '#!/bin/sh\\n[ "$1" = --version ] && echo "2.1.328 (Claude Code)" && exit 0\\necho fake claude\\n' > "$prefix/node_modules/.bin/claude" && chmod +x "$prefix/node_modules/.bin/claude"`,
    );
    const home = path.join(bin, "home");
    const expected = path.join(home, ".claude-task-api/claude-code/2.1.328/node_modules/.bin/claude");
    // Two boots on the same volume: the first installs, the second reuses the install.
    for (let boot = 1; boot <= 2; boot++) {
      pod = await startRenderedPod({
        values: { claude: { install: true, version: "2.1.328" } },
        path: podPath(bin),
        home,
        // Ready also needs a credential, and as root the sandbox flag (see the first describe).
        env: { ANTHROPIC_API_KEY: "sk-ant-test", ...(process.getuid?.() === 0 && { IS_SANDBOX: "1" }) },
      });
      await waitHealthy(pod);
      const [server] = await childrenMatching(pod.child.pid as number, "main.js");
      expect((await environOf(server as number)).CLAUDE_BIN).toBe(expected);
      if (boot === 1) {
        // Up and answering while npm has not finished: not ready, and /readyz says why.
        await waitFor("npm to be called", async () => (await readFile(npmLog, "utf8").catch(() => "")).trim() || undefined);
        const installing = await http(`${pod.baseUrl}/readyz`);
        expect(installing.status).toBe(503);
        expect(installing.body.checks.claude_install).toMatch(/^installing: claude 2\.1\.328: attempt 1 since /);
        await writeFile(gate, "");
      }
      const ready = await waitFor("the install to be reported", async () => {
        const body = await readiness(pod as LocalPod);
        return body.status === "ready" ? body : undefined;
      });
      expect(ready.checks.claude_install).toBe(`ok (installed claude 2.1.328 at ${expected})`);
      expect(ready.checks.claude).toBe(`ok (2.1.328 at ${expected})`);
      expect(await readFile(path.join(home, ".local/bin/claude"), "utf8")).toContain("fake claude");
      await pod.stop();
      pod = undefined;
    }
    const calls = (await readFile(npmLog, "utf8")).trim().split("\n");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(
      /^install --prefix \S+\/claude-code\/2\.1\.328\.partial\.\d+ .*--fetch-timeout=300000 .*@anthropic-ai\/claude-code@2\.1\.328$/,
    );
  });

  it("with egress dropped: keeps the workspace up, bounds npm's attempt, cleans partial installs, reports the failure", async () => {
    // A registry whose connections are accepted and never answered: what a silently dropping
    // egress looks like to npm (its own timeouts would outlast any startup probe).
    const sockets = new Set<Socket>();
    const blackhole = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", resolve));
    const registry = `http://127.0.0.1:${(blackhole.address() as { port: number }).port}/`;
    const home = path.join(bin, "egress-home");
    const claudeRoot = path.join(home, ".claude-task-api/claude-code");
    // What a container killed in the middle of an install left on the volume.
    await mkdir(path.join(claudeRoot, "2.1.328.partial.4242/node_modules"), { recursive: true });
    try {
      pod = await startRenderedPod({
        values: {
          // The test waits this out. npm reaches the registry in about 0.4 s here (load 7 on two
          // cores): 8 s leaves room for a busy machine.
          claude: { install: true, version: "2.1.328", installTimeoutSeconds: 8 },
          // The workspace's own process (the IDE) beside the Task API.
          workspace: { command: ["/bin/sh", "-c", "echo ide up; exec sleep 300"] },
        },
        // The real npm, pointed at the black hole; no claude anywhere on PATH.
        path: podPath(path.join(bin, "no-such-dir")),
        home,
        env: { npm_config_registry: registry, npm_config_cache: path.join(bin, "npm-cache") },
      });
      // Up while npm still tries (readiness below says so): the server does not wait for the install.
      const started = pod;
      await waitHealthy(started);
      await waitFor("the workspace's line", async () => (started.logs().includes("ide up") ? true : undefined));
      // npm really tries the network, and gets no answer.
      await waitFor("npm to connect to the registry", async () => (sockets.size > 0 ? true : undefined), 20_000);
      const installing = await readiness(pod);
      expect(installing.checks.claude_install).toMatch(/^installing: claude 2\.1\.328: attempt 1 since .*, at most 8s$/);
      const failed = await waitFor(
        "the bounded attempt to fail",
        async () => {
          const body = await readiness(pod as LocalPod);
          return body.checks.claude_install?.startsWith("failed") ? body : undefined;
        },
        30_000,
      );
      expect(failed.status).toBe("not_ready");
      expect(failed.checks.claude_install).toMatch(
        /^failed: claude 2\.1\.328: attempt 1: npm install did not finish within 8s \(is the npm registry reachable\?\); next attempt in 30s$/,
      );
      // npm was stopped rather than left waiting.
      expect(await processesMatching(`${claudeRoot}/2.1.328.partial.`)).toEqual([]);
      // No partial install remains: neither the old one nor this attempt's.
      expect((await readdir(claudeRoot)).filter((name) => name.includes(".partial."))).toEqual([]);
      // The workspace (main process) and the server are still up, and /healthz, the probe, answers.
      expect(pod.child.exitCode).toBeNull();
      expect((await http(`${pod.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      blackhole.close();
    }
  });
});
