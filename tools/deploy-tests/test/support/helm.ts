import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { helmPath, repoRoot } from "../../scripts/fetch-helm.mjs";

export { repoRoot };
export const chartDir = path.join(repoRoot, "charts", "workspace");

/** The smallest values that make a working install (the default image); tests layer theirs on top. */
export const baseValues = {
  user: "alice",
  host: "alice.dev.example.com",
  // The oauth2 door (the default) renders only for a named owner.
  ingress: { auth: { oauth2: { allowedEmails: ["alice@example.com"] } } },
};

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

// No cluster here: keep helm away from any kubeconfig and from the user's helm folders.
const helmHome = path.join(tmpdir(), "deploy-tests-helm-home");
const helmEnv = {
  ...process.env,
  KUBECONFIG: path.join(helmHome, "no-kubeconfig"),
  HELM_CONFIG_HOME: path.join(helmHome, "config"),
  HELM_CACHE_HOME: path.join(helmHome, "cache"),
  HELM_DATA_HOME: path.join(helmHome, "data"),
};

/** Runs the cached helm binary; never throws on a non-zero exit. */
export function helm(args: string[]): Promise<HelmResult> {
  return new Promise((resolve) => {
    execFile(helmPath, args, { maxBuffer: 64 * 1024 * 1024, env: helmEnv }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs helm with `values` written to a temporary values file, as a user's -f would be. */
export async function withValues<T>(values: object, fn: (valuesFile: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "ws-values-"));
  try {
    const file = path.join(dir, "values.yaml");
    await writeFile(file, stringify(values));
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field in the tests
  spec?: any;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  type?: string;
}

export interface Rendered {
  objects: K8sObject[];
  notes: string;
  /** The object of a kind (and name suffix, when several share the kind); throws if absent. */
  get(kind: string, nameSuffix?: string): K8sObject;
  find(kind: string, nameSuffix?: string): K8sObject | undefined;
}

/**
 * Renders the chart as `helm install` would (client-side dry run: schema validation, manifests
 * and NOTES.txt, no cluster); throws with helm's message on failure.
 */
export async function render(values: object, extraArgs: string[] = []): Promise<Rendered> {
  const result = await withValues(values, (file) =>
    helm(["install", "ws", chartDir, "--dry-run=client", "-o", "json", "--namespace", "coder", "-f", file, ...extraArgs]),
  );
  if (result.code !== 0) throw new Error(`helm install --dry-run failed:\n${result.stderr}`);
  const release = JSON.parse(result.stdout) as { manifest: string; info: { notes?: string } };
  const objects = parseAllDocuments(release.manifest)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
  const find = (kind: string, nameSuffix?: string) =>
    objects.find((o) => o.kind === kind && (nameSuffix === undefined || o.metadata.name.endsWith(nameSuffix)));
  return {
    objects,
    notes: release.info.notes ?? "",
    find,
    get(kind, nameSuffix) {
      const found = find(kind, nameSuffix);
      if (!found) throw new Error(`no ${kind}${nameSuffix ? ` named *${nameSuffix}` : ""} rendered`);
      return found;
    },
  };
}

/** Deep-merges plain objects (arrays and scalars of `over` replace those of `base`). */
export function merge<T extends object>(base: T, over: object): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : (value as unknown);
  }
  return out as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
