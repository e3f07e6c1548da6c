/**
 * Whether a task started now can succeed: a list of named checks, each answering "ok (…)" or a
 * problem that says what to do. `/readyz` answers 503 naming every failing check, and start-up
 * prints the same as warnings. Add a check by adding one entry to `readinessChecks`.
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { PermissionMode } from "./config-env.js";
import { claudeBinaryProblem } from "./tasks/runs/claude-binary.js";
import type { Tmux } from "./tmux/tmux.js";

export interface Readiness {
  ready: boolean;
  /** Check name → "ok (…)" or the problem. */
  checks: Record<string, string> & { tmux: string; claude: string };
}

/** What the checks look at: the same binary, environment and mode every run gets. */
export interface ReadinessContext {
  tmux: Pick<Tmux, "version">;
  claudeBin: string;
  permissionMode: PermissionMode;
  runEnv: Record<string, string>;
  /** The user id runs have (this process's); undefined where there is none. */
  uid?: number | undefined;
  /** The chart's background claude install writes its state here (CLAUDE_INSTALL_STATE_FILE). */
  installStateFile?: string | undefined;
}

/**
 * One named check: resolves with "ok (…)" when fine, else with what is wrong and what to do;
 * undefined when it does not apply here (it is then left out of the answer).
 */
export interface ReadinessCheck {
  name: string;
  check(context: ReadinessContext): Promise<Problem | Ok | undefined>;
}
type Ok = { ok: string };
type Problem = { problem: string };

const VERSION_TIMEOUT_MS = 5_000;

const tmuxCheck: ReadinessCheck = {
  name: "tmux",
  check: ({ tmux }) =>
    tmux.version().then(
      (version) => ({ ok: version }),
      (err: Error) => ({ problem: `tmux is not runnable: ${err.message}; install tmux (apt-get install tmux)` }),
    ),
};

/** The version a binary answered, keyed on path, size and mtime so an upgrade is seen. */
const versionCache = new Map<string, string>();

const claudeCheck: ReadinessCheck = {
  name: "claude",
  async check({ claudeBin, runEnv }) {
    const problem = await claudeBinaryProblem(claudeBin);
    if (problem) return { problem };
    const info = await stat(claudeBin);
    const key = `${claudeBin}:${info.size}:${info.mtimeMs}`;
    let version = versionCache.get(key);
    if (version === undefined) {
      try {
        const { stdout } = await promisify(execFile)(claudeBin, ["--version"], {
          env: runEnv,
          timeout: VERSION_TIMEOUT_MS,
          encoding: "utf8",
        });
        version = stdout.trim().split(/\s+/)[0] ?? "";
      } catch (err) {
        const reason = (err as Error).message.split("\n")[0];
        return {
          problem: `claude at ${claudeBin} does not run (\`claude --version\` failed: ${reason}); reinstall it or set CLAUDE_BIN`,
        };
      }
      versionCache.set(key, version);
    }
    return { ok: `${version} at ${claudeBin}` };
  },
};

/** Environment variables any one of which lets claude authenticate without a stored login. */
const CREDENTIAL_VARIABLES = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"];
const CLOUD_PROVIDERS = ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY"];

const readJson = (file: string) =>
  readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Record<string, unknown>,
    () => undefined,
  );

const credentialsCheck: ReadinessCheck = {
  name: "credentials",
  async check({ runEnv, uid }) {
    const variable = CREDENTIAL_VARIABLES.find((name) => runEnv[name]?.trim());
    if (variable) return { ok: variable };
    const provider = CLOUD_PROVIDERS.find((name) => runEnv[name] && runEnv[name] !== "0");
    if (provider) return { ok: `${provider} (the cloud provider's own credentials)` };
    // Where `claude` then `/login` stores a login for the user the runs have.
    const home = runEnv.HOME || homedir();
    const configDir = runEnv.CLAUDE_CONFIG_DIR || path.join(home, ".claude");
    const stored = path.join(configDir, ".credentials.json");
    if ((await stat(stored).catch(() => undefined))?.size) return { ok: `stored login in ${stored}` };
    const account = await readJson(path.join(home, ".claude.json"));
    if (typeof account?.primaryApiKey === "string") return { ok: `API key stored in ${path.join(home, ".claude.json")}` };
    const settings = await readJson(path.join(configDir, "settings.json"));
    if (typeof settings?.apiKeyHelper === "string") return { ok: `apiKeyHelper in ${path.join(configDir, "settings.json")}` };
    const who = uid === 0 ? "root" : "the server's user";
    return {
      problem: `no credential for claude: set ANTHROPIC_API_KEY in the server's environment, or log in once as ${who} (HOME=${home}: run \`claude\`, then /login); every task would fail with "Not logged in"`,
    };
  },
};

const permissionCheck: ReadinessCheck = {
  name: "permission_mode",
  async check({ permissionMode, runEnv, uid }) {
    // claude's own rule: --dangerously-skip-permissions / bypassPermissions only as root with IS_SANDBOX=1.
    if (permissionMode === "bypassPermissions" && uid === 0 && runEnv.IS_SANDBOX !== "1") {
      return {
        problem:
          "claude refuses CLAUDE_PERMISSION_MODE=bypassPermissions (the default) as root without IS_SANDBOX=1; set IS_SANDBOX=1 if this machine is a sandbox (a workspace pod is), or CLAUDE_PERMISSION_MODE=acceptEdits",
      };
    }
    return { ok: `${permissionMode}${uid === 0 ? " as root" : ""}` };
  },
};

/**
 * The claude install the chart's start-up script runs in the background writes
 * "installing|installed|failed <details>" to a file; until it says installed, runs would fail.
 */
const claudeInstallCheck: ReadinessCheck = {
  name: "claude_install",
  async check({ installStateFile }) {
    if (installStateFile === undefined) return undefined;
    const line = await readFile(installStateFile, "utf8").then(
      (text) => text.trim(),
      (err: NodeJS.ErrnoException) => `unknown no install state at ${installStateFile} (${err.code ?? err.message})`,
    );
    const space = line.indexOf(" ");
    const [state, details] = space === -1 ? [line, ""] : [line.slice(0, space), line.slice(space + 1)];
    return state === "installed" ? { ok: `installed ${details}` } : { problem: `${state}: ${details}` };
  },
};

/** Every check, in the order they are reported. */
export const readinessChecks: readonly ReadinessCheck[] = [
  tmuxCheck,
  claudeCheck,
  credentialsCheck,
  permissionCheck,
  claudeInstallCheck,
];

export async function checkReadiness(
  context: ReadinessContext,
  checks: readonly ReadinessCheck[] = readinessChecks,
): Promise<Readiness> {
  const uid = "uid" in context ? context.uid : process.getuid?.();
  const results = await Promise.all(
    checks.map((entry) => entry.check({ ...context, uid }).catch((err: Error) => ({ problem: `check failed: ${err.message}` }))),
  );
  const named = checks.flatMap((entry, index) => {
    const result = results[index];
    if (result === undefined) return [];
    return [[entry.name, "ok" in result ? `ok (${result.ok})` : result.problem] as const];
  });
  return {
    ready: results.every((result) => result === undefined || "ok" in result),
    checks: Object.fromEntries(named) as Readiness["checks"],
  };
}

/** The failing checks, one "name: problem" line each (for start-up warnings). */
export function readinessProblems(readiness: Readiness): string[] {
  return Object.entries(readiness.checks)
    .filter(([, result]) => !result.startsWith("ok"))
    .map(([name, result]) => `${name}: ${result}`);
}
