/** The start-up check of the task catalogs (SECRETS_DIR, MCP_SERVERS_FILE), for config.ts. */
import { readMcpCatalog } from "./mcp-catalog.js";
import { secretNames } from "./secret-catalog.js";

/** What is wrong with either catalog, naming the variable; undefined when both are fine (or unset). */
export function catalogsProblem(secretsDir: string | undefined, mcpServersFile: string | undefined): string | undefined {
  const problems: string[] = [];
  if (secretsDir !== undefined) {
    for (const problem of secretNames(secretsDir).problems) problems.push(`SECRETS_DIR: ${problem}`);
  }
  if (mcpServersFile !== undefined) {
    const catalog = readMcpCatalog(mcpServersFile);
    if ("problem" in catalog) problems.push(`MCP_SERVERS_FILE: ${catalog.problem}`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}
