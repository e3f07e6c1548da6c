/**
 * The operator's named secrets: SECRETS_DIR holds one file per secret, its name the file's name
 * (a Kubernetes Secret mounted as a volume looks like that). The server only ever reads the
 * names; the run wrapper reads the values of the ones its run asks for (runner/run-secrets.ts),
 * so no value passes through the server, its log, task.json or the run spec.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { schemas } from "@claude-task-api/sdk/contract";
import { AppError } from "../errors.js";

/** A secret's name is the environment variable it becomes (openapi.yaml's `SecretName`). */
const SECRET_NAME = new RegExp(schemas.SecretName.pattern);

/**
 * The names SECRETS_DIR provides now, or the problem with it. Entries starting with "." are
 * skipped: a mounted Secret keeps its real files under `..data` and such; any other file whose
 * name cannot be an environment variable is a problem (the operator should rename the key).
 */
export function secretNames(dir: string): { names: Set<string>; problems: string[] } {
  const names = new Set<string>();
  const problems: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    return { names, problems: [`cannot read ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`] };
  }
  for (const entry of entries) {
    if (entry.startsWith(".")) continue;
    if (!SECRET_NAME.test(entry)) {
      problems.push(`${JSON.stringify(entry)} is not a valid secret name (letters, digits and _, not starting with a digit)`);
      continue;
    }
    // statSync follows the mount's symlinks: a secret is a readable regular file.
    if (statSync(path.join(dir, entry), { throwIfNoEntry: false })?.isFile()) names.add(entry);
  }
  return { names, problems };
}

/** The first of `requested` that SECRETS_DIR does not provide now, if any. */
export function missingSecret(requested: readonly string[], dir: string | undefined): string | undefined {
  if (requested.length === 0) return undefined;
  const provided = dir === undefined ? new Set<string>() : secretNames(dir).names;
  return requested.find((name) => !provided.has(name));
}

/** Refuses a request for a secret this server does not provide (400 naming it). */
export function checkSecretsRequest(requested: readonly string[], dir: string | undefined): void {
  const missing = missingSecret(requested, dir);
  if (missing === undefined) return;
  const why = dir === undefined ? "this server has no SECRETS_DIR" : "not in the server's SECRETS_DIR";
  throw new AppError("validation_failed", `unknown secret ${missing}: ${why}`);
}
