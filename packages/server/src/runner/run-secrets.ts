/**
 * The run's secrets, read by the wrapper itself from the operator's SECRETS_DIR by the names
 * its spec lists: the values then live only in this process and claude's environment, never
 * in the spec, task.json, tmux or the server.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RunSpec } from "./protocol/run-spec.js";

export type RunSecrets = { values: Record<string, string> } | { problem: string };

/** Reads each secret (one trailing newline dropped, as `echo` and editors add it). */
export function readRunSecrets(secrets: RunSpec["secrets"]): RunSecrets {
  const values: Record<string, string> = {};
  for (const name of secrets?.names ?? []) {
    try {
      values[name] = readFileSync(path.join(secrets?.dir ?? "", name), "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      return { problem: `secret ${name} could not be read from SECRETS_DIR: ${(err as NodeJS.ErrnoException).code ?? err}` };
    }
  }
  return { values };
}
