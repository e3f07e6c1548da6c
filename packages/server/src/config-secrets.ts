/**
 * Secrets come from files (WEBHOOK_SECRET_FILE, PROXY_AUTH_SECRET_FILE), part of config.ts.
 * A task runs as the server's user and can read /proc/<server pid>/environ, which keeps the
 * environment the server was started with, whatever the server later deletes from process.env:
 * a secret in the environment is a secret every task can print.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/** Settings that are secrets: each may be given as NAME_FILE, the path of a file holding it. */
const SECRET_SETTINGS = ["WEBHOOK_SECRET", "PROXY_AUTH_SECRET"] as const;

/** Secrets in the server's environment that are not its settings (the CLI's token, if the pod sets it). */
export const OTHER_SECRETS = ["CLAUDE_API_TOKEN"] as const;

interface SecretFiles {
  /** NAME -> the file's content (one trailing newline dropped, as `echo` and editors add it). */
  values: Record<string, string>;
  /** Secrets given in the environment itself (still honoured, with a warning at start-up). */
  inEnvironment: string[];
  problems: string[];
}

/** Reads each NAME_FILE of `env` (empty values already removed). */
export function readSecretFiles(env: Record<string, string>): SecretFiles {
  const result: SecretFiles = { values: {}, inEnvironment: [], problems: [] };
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (env[name] !== undefined) {
      if (file !== undefined) result.problems.push(`${name} and ${name}_FILE: set one, not both`);
      else result.inEnvironment.push(name);
      continue;
    }
    if (file === undefined) continue;
    if (!path.isAbsolute(file)) {
      result.problems.push(`${name}_FILE: must be an absolute path`);
      continue;
    }
    try {
      result.values[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      result.problems.push(`${name}_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
  }
  return result;
}

/**
 * Deletes the secrets from this process's environment, so that no child started without an
 * explicit environment (git, a shell) inherits them. /proc/self/environ keeps them: only files help there.
 */
export function scrubSecrets(env: NodeJS.ProcessEnv): void {
  for (const name of [...SECRET_SETTINGS, ...OTHER_SECRETS]) delete env[name];
}
