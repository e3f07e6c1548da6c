/**
 * The operator's catalog of MCP servers: MCP_SERVERS_FILE in claude's own `{"mcpServers":
 * {...}}` format. A task names the servers it wants; each run gets a config file with only
 * those, read from the catalog again at launch (the operator may have changed it).
 */
import { readFileSync } from "node:fs";
import { schemas } from "@claude-task-api/sdk/contract";
import { z } from "zod";
import { AppError } from "../errors.js";

const SERVER_NAME = new RegExp(schemas.McpServerName.pattern);

/** Each server's entry is claude's business (stdio, http, sse, ...): only its being an object is checked. */
const CatalogSchema = z.object({
  mcpServers: z.record(z.string(), z.looseObject({})),
});

export type McpServers = Record<string, Record<string, unknown>>;

/** Reads and validates the catalog: its servers, or a problem naming what is wrong. */
export function readMcpCatalog(file: string): { servers: McpServers } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return { problem: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `${file} is not JSON: ${(err as Error).message}` };
  }
  const parsed = CatalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${file}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message}` };
  }
  // A name becomes part of claude's tool names (mcp__NAME__tool) and of the API's task view.
  const badName = Object.keys(parsed.data.mcpServers).find((name) => !SERVER_NAME.test(name));
  if (badName !== undefined) {
    return { problem: `${file}: server name ${JSON.stringify(badName)} must be 1-64 letters, digits, _ or -` };
  }
  return { servers: parsed.data.mcpServers as McpServers };
}

/**
 * claude's config for a run: only the `requested` servers of the catalog as it is now; a
 * problem (catalog unreadable, a name no longer in it) otherwise.
 */
export function mcpConfigFor(
  requested: readonly string[],
  file: string | undefined,
): { config: { mcpServers: McpServers } } | { problem: string } {
  if (file === undefined) return { problem: `unknown MCP server ${requested[0]}: this server has no MCP_SERVERS_FILE` };
  const catalog = readMcpCatalog(file);
  if ("problem" in catalog) return catalog;
  const missing = requested.find((name) => !Object.hasOwn(catalog.servers, name));
  if (missing !== undefined) return { problem: `unknown MCP server ${missing}: not in the server's MCP_SERVERS_FILE` };
  return {
    config: { mcpServers: Object.fromEntries(requested.map((name) => [name, catalog.servers[name] as Record<string, unknown>])) },
  };
}

/** Refuses a request for an MCP server the catalog does not have (400 naming it). */
export function checkMcpRequest(requested: readonly string[], file: string | undefined): void {
  if (requested.length === 0) return;
  const result = mcpConfigFor(requested, file);
  if ("problem" in result) throw new AppError("validation_failed", result.problem);
}
