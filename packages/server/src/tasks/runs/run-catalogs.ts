/**
 * What a run takes from the operator's catalogs, checked again at every launch (the operator
 * may have removed a secret or changed the MCP catalog since the task was created): the names
 * of its secrets for the wrapper to read, and the flags that give claude its MCP servers.
 */
import { writeFile } from "node:fs/promises";
import { mcpConfigFor } from "../../catalogs/mcp-catalog.js";
import { missingSecret } from "../../catalogs/secret-catalog.js";
import type { RunSpec } from "../../runner/protocol/run-spec.js";
import type { TaskRecord } from "../task-model.js";

export interface CatalogOptions {
  secretsDir?: string | undefined;
  mcpServersFile?: string | undefined;
}

export interface RunCatalogs {
  secrets: RunSpec["secrets"];
  /** Always `--strict-mcp-config`: a run loads no MCP server but those its task asked for. */
  mcpFlags: string[];
}

/**
 * The run's secrets and MCP flags, writing the run's MCP config (only the task's servers) to
 * `mcpConfigFile`; a problem a person can act on when the catalogs no longer provide them.
 */
export async function runCatalogs(
  task: TaskRecord,
  mcpConfigFile: string,
  options: CatalogOptions,
): Promise<RunCatalogs | { problem: string }> {
  const secretNames = task.secrets ?? [];
  const missing = missingSecret(secretNames, options.secretsDir);
  if (missing !== undefined) return { problem: `secret ${missing} is no longer provided by this server (SECRETS_DIR)` };
  const secrets = secretNames.length > 0 && options.secretsDir ? { dir: options.secretsDir, names: secretNames } : undefined;
  const servers = (task.mcp_servers ?? []).map((s) => s.name);
  if (servers.length === 0) return { secrets, mcpFlags: ["--strict-mcp-config"] };
  const mcp = mcpConfigFor(servers, options.mcpServersFile);
  if ("problem" in mcp) return { problem: `${mcp.problem} (the catalog at launch)` };
  // The config may hold credentials of its own (a server's env): readable by the server's user only.
  await writeFile(mcpConfigFile, JSON.stringify(mcp.config), { mode: 0o600 });
  return { secrets, mcpFlags: ["--strict-mcp-config", `--mcp-config=${mcpConfigFile}`] };
}
