// Runs the workspace container's start-up exactly as rendered by the chart, on this machine:
// the ConfigMap's files are written where the volume's items put them, the container's
// command and environment are taken from the rendered Deployment. Only three things differ
// from a pod: the mount points (temp dirs instead of /opt/claude-task-api and the secrets'
// folder), HOME (a temp dir, passed to the chart as `home`) and HOST (127.0.0.1, so the test
// opens no public port).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { freePort, waitFor } from "@claude-task-api/testkit";
import { baseValues, type K8sObject, merge, render } from "./helm.js";
import { tmuxKillServer } from "./processes.js";
import { repack } from "./repack.js";

// biome-ignore lint/suspicious/noExplicitAny: manifest shape
type Any = any;

interface ConfigMapItem {
  key: string;
  path: string;
  mode?: number;
}

export interface VolumeFile {
  path: string;
  content: string | Buffer;
  mode: number;
}

export interface LocalPod {
  dir: string;
  /** The ConfigMap volume's files as first written (paths relative to taskApiDir). */
  files: VolumeFile[];
  home: string;
  socket: string;
  taskApiDir: string;
  baseUrl: string;
  child: ChildProcess;
  /** Everything the container printed so far (stdout and stderr). */
  logs(): string;
  /** Resolves with the exit code once the container's main process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface PodOptions {
  values?: object;
  /** An existing home directory (the volume), kept by stop(); default: a fresh one. */
  home?: string;
  /** Replaces the rendered environment's PATH (the image's PATH). */
  path?: string;
  env?: Record<string, string>;
  /** Secrets that exist in the namespace without the release (name -> key -> value). */
  secrets?: Record<string, Record<string, string>>;
}

export async function startRenderedPod(options: PodOptions = {}): Promise<LocalPod> {
  const dir = await mkdtemp(path.join(tmpdir(), "ws-pod-"));
  const home = options.home ?? path.join(dir, "home");
  const socket = path.join(dir, "tmux.sock");
  const taskApiDir = path.join(dir, "opt", "claude-task-api");
  await mkdir(home, { recursive: true });
  const port = await freePort();
  const values = merge(
    merge(baseValues, { home, taskApi: { port, tmuxSocket: socket, reloadIntervalSeconds: 1 }, claude: { install: false } }),
    options.values ?? {},
  );
  const rendered = await render(values);
  const pod = rendered.get("Deployment").spec.template.spec;
  const container = pod.containers.find((c: Any) => c.name === "ide");
  const mount = container.volumeMounts.find((m: Any) => m.name === "task-api").mountPath as string;
  // A projected volume of the chart's ConfigMaps (or a single ConfigMap volume).
  const volume = pod.volumes.find((v: Any) => v.name === "task-api");
  const sources: Array<{ name: string; items: ConfigMapItem[] }> = volume.projected
    ? volume.projected.sources.map((source: Any) => source.configMap)
    : [volume.configMap];
  const defaultMode: number = (volume.projected ?? volume.configMap).defaultMode;

  // As the kubelet writes them: data as text, binaryData decoded from base64.
  const items = sources.flatMap((source) => {
    const configMap = rendered.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === source.name);
    if (!configMap) throw new Error(`the volume names ConfigMap ${source.name}, which the release does not render`);
    return source.items.map((item) => {
      const encoded = configMap.binaryData?.[item.key];
      return {
        path: item.path,
        content: encoded === undefined ? (configMap.data?.[item.key] ?? "") : Buffer.from(encoded, "base64"),
        mode: item.mode ?? defaultMode,
      };
    });
  });
  await writeConfigMapVolume(taskApiDir, items);
  // The server's secrets, as the kubelet mounts a projected volume of Secrets.
  const secretsMount = container.volumeMounts.find((m: Any) => m.name === "task-api-secrets")?.mountPath as string | undefined;
  const secretsDir = path.join(dir, "secrets");
  if (secretsMount) {
    const secretsVolume = pod.volumes.find((v: Any) => v.name === "task-api-secrets").projected;
    const files = secretsVolume.sources.flatMap((source: Any) =>
      source.secret.items.map((item: ConfigMapItem) => {
        const ref = { name: source.secret.name as string, key: item.key };
        const content = secretValue(rendered.objects, ref) ?? options.secrets?.[ref.name]?.[ref.key];
        if (content === undefined) throw new Error(`the pod mounts Secret ${ref.name} (key ${ref.key}): pass it in secrets`);
        return { path: item.path, content, mode: item.mode ?? secretsVolume.defaultMode };
      }),
    );
    await writeConfigMapVolume(secretsDir, files);
  }

  const relocate = (arg: string) => {
    const moved = arg.split(mount).join(taskApiDir);
    return secretsMount ? moved.split(secretsMount).join(secretsDir) : moved;
  };
  const [bin, ...args] = [...container.command, ...(container.args ?? [])].map(relocate);
  const env: Record<string, string> = { PATH: options.path ?? (process.env.PATH as string) };
  for (const e of container.env as EnvVar[]) {
    const value = e.value ?? secretValue(rendered.objects, e.valueFrom?.secretKeyRef);
    if (value !== undefined) env[e.name] = relocate(value);
  }
  Object.assign(env, { TASK_API_HOST: "127.0.0.1" }, options.env);

  let output = "";
  // Its own process group, so that stop() reaches the supervisor, the server and the watcher.
  const child = spawn(bin as string, args, { cwd: container.workingDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  return {
    dir,
    files: items,
    home,
    socket,
    taskApiDir,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    logs: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-(child.pid as number), "SIGTERM");
        } catch {
          // already gone
        }
        const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
        if (!done) process.kill(-(child.pid as number), "SIGKILL");
      }
      await tmuxKillServer(socket);
      // The task wrappers get SIGHUP from the dying tmux server and write their exit files
      // while we remove the directory (ENOTEMPTY): Node retries those with backoff.
      await rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

/**
 * What the kubelet would put in a variable taken from a Secret, when the release renders that
 * Secret; undefined otherwise (a Secret of the user's own does not exist here).
 */
function secretValue(objects: K8sObject[], ref: { name: string; key: string } | undefined): string | undefined {
  if (!ref) return undefined;
  const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === ref.name);
  const data = secret?.data?.[ref.key];
  return data === undefined ? undefined : Buffer.from(data, "base64").toString("utf8");
}

/** Waits until GET /healthz answers 200; returns how long it took. */
// Only a guard against a server that never comes up: a start can take long on a busy machine.
export async function waitHealthy(pod: LocalPod, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  await waitFor(
    `${pod.baseUrl}/healthz`,
    async () => {
      const response = await fetch(`${pod.baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      return response.status === 200 ? true : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- container output ---\n${pod.logs()}`);
  });
  return Date.now() - start;
}

/**
 * The volume's files with the server bundle changed as `change` says: the brotli pieces
 * (main.js.br.0, main.js.br.1, ...) joined, unpacked, changed, packed and cut again into as many
 * pieces, and main.js's line of bundle.sha256 with them, as the chart does for a new release.
 */
export function withChangedBundle(files: VolumeFile[], change: (mainJs: string) => string): VolumeFile[] {
  const pieces = files.filter((f) => /^main\.js\.br\.\d$/.test(f.path)).sort((a, b) => a.path.localeCompare(b.path));
  const joined = Buffer.concat(pieces.map((p) => Buffer.from(p.content)));
  const changed = change(brotliDecompressSync(joined).toString("utf8"));
  const packed = repack(changed);
  const sum = `${createHash("sha256").update(changed, "utf8").digest("hex")}  main.js`;
  const size = Math.ceil(packed.length / pieces.length);
  const parts = pieces.map((_, i) => packed.subarray(i * size, (i + 1) * size));
  return files.map((f) => {
    if (f.path === "bundle.sha256") {
      const lines = String(f.content)
        .split("\n")
        .map((line) => (line.endsWith("  main.js") ? sum : line));
      return { ...f, content: lines.join("\n") };
    }
    const index = pieces.indexOf(f);
    return index === -1 ? f : { ...f, content: parts[index] as Buffer };
  });
}

/** Writes an executable shell script. */
export async function writeScript(file: string, body: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

let generation = 0;

/**
 * Writes a ConfigMap volume the way the kubelet does: the files live in a hidden timestamped
 * directory, `..data` points at it, and each top-level entry is a symlink through `..data`.
 * Called again on the same directory, it performs the kubelet's atomic update: a new hidden
 * directory, `..data` swapped by rename, the old directory deleted.
 */
export async function writeConfigMapVolume(dir: string, files: VolumeFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const stamp = `..${Date.now()}_${process.pid}_${generation++}`;
  for (const file of files) {
    const target = path.join(dir, stamp, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode);
  }
  const previous = await readlink(path.join(dir, "..data")).catch(() => undefined);
  await symlink(stamp, path.join(dir, "..data_tmp"));
  await rename(path.join(dir, "..data_tmp"), path.join(dir, "..data"));
  for (const top of new Set(files.map((f) => f.path.split("/")[0] as string))) {
    await symlink(path.join("..data", top), path.join(dir, top)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
  if (previous) await rm(path.join(dir, previous), { recursive: true, force: true });
}
