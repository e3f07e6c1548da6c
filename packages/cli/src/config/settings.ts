/**
 * Effective settings with where each came from: flag > environment > config profile > default.
 * The token's last fallback is the pod's token file, so the CLI works inside a workspace pod with
 * no setup at all.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_BASE_URL } from "@claude-task-api/sdk";
import { UsageError } from "../errors.js";
import { configFilePath, loadConfigFile } from "./config-file.js";

/** A value and a few words saying where it came from. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface Settings {
  configFile: { path: string; exists: boolean; looseMode?: string };
  profile: Sourced<string> | undefined;
  profiles: string[];
  url: Sourced<string>;
  token: Sourced<string> | undefined;
}

/** Values given on the command line. */
export interface SettingFlags {
  url?: string;
  token?: string;
  profile?: string;
}

/** The bearer token file the server writes inside the pod. */
export function tokenFilePath(env: Record<string, string | undefined>, homedir: string): string {
  const tasksDir = env.TASKS_DIR?.trim() ? env.TASKS_DIR : join(env.HOME?.trim() ? env.HOME : homedir, ".claude-tasks");
  return join(tasksDir, ".api-token");
}

/** Reads the pod's token file, if it exists and is not empty. */
export function readTokenFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const token = readFileSync(path, "utf8").trim();
  return token === "" ? undefined : token;
}

/** Resolves url, token and profile with their sources. */
export function resolveSettings(flags: SettingFlags, env: Record<string, string | undefined>, homedir: string): Settings {
  const path = configFilePath(env, homedir);
  const { config, exists, looseMode } = loadConfigFile(path);
  const profiles = Object.keys(config.profiles);

  const profile =
    pick(flags.profile, "--profile") ??
    pick(env.CLAUDE_TASKS_PROFILE, "CLAUDE_TASKS_PROFILE") ??
    pick(config.defaultProfile, "defaultProfile in the config file");
  const selected = profile ? config.profiles[profile.value] : undefined;
  if (profile && !selected) {
    const known = profiles.length ? `profiles: ${profiles.join(", ")}` : "it has no profiles";
    throw new UsageError(
      `unknown profile "${profile.value}" (from ${profile.source}); ${path} ${exists ? `has ${known}` : "does not exist"}`,
    );
  }
  const inProfile = profile ? `profile "${profile.value}"` : "";

  const given = pick(flags.url, "--url") ??
    pick(env.CLAUDE_TASKS_URL, "CLAUDE_TASKS_URL") ??
    pick(selected?.url, inProfile) ?? { value: DEFAULT_BASE_URL, source: "default" };
  const url = { ...given, value: withScheme(given.value) };
  validateUrl(url);

  const tokenFile = tokenFilePath(env, homedir);
  const token =
    pick(flags.token, "--token") ??
    pick(env.CLAUDE_API_TOKEN, "CLAUDE_API_TOKEN") ??
    pick(selected?.token, inProfile) ??
    pick(readTokenFile(tokenFile), tokenFile);

  return { configFile: { path, exists, ...(looseMode ? { looseMode } : {}) }, profile, profiles, url, token };
}

function pick(value: string | undefined, source: string): Sourced<string> | undefined {
  return value === undefined || value.trim() === "" ? undefined : { value: value.trim(), source };
}

/**
 * `127.0.0.1:6080` or `alice.dev.example.com` without a scheme, as people type them: loopback
 * hosts get http (the pod's own server), everything else https (as kubectl assumes).
 */
export function withScheme(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  const host = url.replace(/[:/].*$/, "").replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host.startsWith("127.") || host === "" || url.startsWith("[::1]");
  return `${loopback ? "http" : "https"}://${url}`;
}

function validateUrl(url: Sourced<string>): void {
  let parsed: URL;
  try {
    parsed = new URL(url.value);
  } catch {
    throw new UsageError(`invalid URL "${url.value}" (from ${url.source}); expected e.g. https://alice.dev.example.com`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`invalid URL "${url.value}" (from ${url.source}); only http and https are supported`);
  }
}

/** Shows enough of a token to recognise it, never enough to use it. */
export function maskToken(token: string): string {
  if (token.length < 16) return "*".repeat(Math.max(4, token.length));
  return `${token.slice(0, 4)}…${token.slice(-4)}`;
}
