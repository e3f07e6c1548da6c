/** The config file with named profiles: where it lives, its schema, and loading it. */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { UsageError } from "../errors.js";

const profileSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).optional(),
  token: z.string().min(1).optional(),
});

const configSchema = z.strictObject({
  defaultProfile: z.string().min(1).optional(),
  profiles: z.record(z.string().min(1), profileSchema).default({}),
});

export type ConfigFile = z.infer<typeof configSchema>;

/** `$XDG_CONFIG_HOME/claude-tasks/config.json`, falling back to `~/.config/claude-tasks/config.json`. */
export function configFilePath(env: Record<string, string | undefined>, homedir: string): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(homedir, ".config");
  return join(base, "claude-tasks", "config.json");
}

/** What loading found: the config, whether the file exists, and its mode when others may read it. */
export interface LoadedConfig {
  config: ConfigFile;
  exists: boolean;
  /** e.g. "644", set when group or others have any access (the file holds tokens). */
  looseMode?: string;
}

/** Loads and validates the config file; a missing file is an empty config, a bad one a one-line UsageError. */
export function loadConfigFile(path: string): LoadedConfig {
  if (!existsSync(path)) return { config: { profiles: {} }, exists: false };
  const mode = statSync(path).mode & 0o777;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`bad config file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(top level)";
    throw new UsageError(`bad config file ${path}: ${where}: ${issue?.message ?? "invalid"}`);
  }
  const config = parsed.data;
  if (config.defaultProfile && !config.profiles[config.defaultProfile]) {
    throw new UsageError(`bad config file ${path}: defaultProfile "${config.defaultProfile}" is not in profiles`);
  }
  return { config, exists: true, ...(mode & 0o077 ? { looseMode: mode.toString(8) } : {}) };
}

/**
 * Writes the config file readable by its owner only (0600, folder 0700): it holds tokens. Written
 * to a temporary file first and renamed, so a crash never leaves half a file.
 */
export function saveConfigFile(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
