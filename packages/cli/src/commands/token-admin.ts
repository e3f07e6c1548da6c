/**
 * `token create|list|revoke`: named tokens with scopes, for CI and colleagues (needs the owner's
 * token or one with `admin`). Bare `token` still prints the token file's token (token.ts).
 */
import type { TokenScope } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { renderTokenList } from "../render/token-view.js";
import { collectScope, collectString, parseExpiresIn, parseTokenId, parseTokenName } from "../token-flags.js";

interface CreateFlags {
  name: string;
  scope: TokenScope[];
  expiresIn?: number;
  workdir?: string[];
  secret?: string[];
  mcpServer?: string[];
}

export function registerTokenAdmin(token: Command, action: ActionWrapper): void {
  const create = token
    .command("create")
    .description("make a named token with scopes; prints its value, which is shown only this once")
    .requiredOption("--name <name>", "what the token is for, e.g. ci-review", parseTokenName)
    .requiredOption(
      "--scope <scope>",
      "tasks:read, tasks:write, approvals:write, tasks:purge or admin (repeatable, or comma-separated)",
      collectScope,
    )
    .option("--expires-in <duration>", "stop working after this long: seconds, or 12h, 30d (default never)", parseExpiresIn)
    .option("-w, --workdir <dir>", "only tasks under this directory (repeatable; inside WORKDIR_ROOT)", collectString)
    .option("--secret <name>", "the only secrets its tasks may ask for (repeatable)", collectString)
    .option("--mcp-server <name>", "the only MCP servers its tasks may ask for (repeatable)", collectString)
    .action(
      action(async (ctx, cmd) => {
        const flags = cmd.opts<CreateFlags>();
        const created = await ctx.client().tokens.create({
          name: flags.name,
          scopes: flags.scope,
          ...(flags.expiresIn !== undefined && { expires_in_seconds: flags.expiresIn }),
          ...(flags.workdir && { workdirs: flags.workdir }),
          ...(flags.secret && { secrets: flags.secret }),
          ...(flags.mcpServer && { mcp_servers: flags.mcpServer }),
        });
        if (ctx.options.json) return void ctx.printJson(created);
        ctx.print(created.token);
        ctx.note(
          ctx.err.dim(
            `${created.id}: store the token now, it is not shown again; revoke: claude-tasks token revoke ${created.id}`,
          ),
        );
      }),
    );
  withExamples(create, [
    "claude-tasks token create --name ci-review --scope tasks:read,tasks:write --expires-in 90d -w repo",
    "claude-tasks token create --name approver --scope approvals:write --scope tasks:read",
  ]);

  token
    .command("list")
    .description("the named tokens (never their values): scopes, state, expiry, last use, limits")
    .action(
      action(async (ctx) => {
        const tokens = await ctx.client().tokens.list();
        if (ctx.options.json) return void ctx.printJson({ tokens });
        if (tokens.length === 0) return void ctx.note("no named tokens");
        ctx.print(renderTokenList(ctx, tokens));
      }),
    );

  token
    .command("revoke")
    .description("revoke a named token; its next request is refused")
    .argument("<id>", "token id (tok_...)", parseTokenId)
    .action(
      action(async (ctx, cmd) => {
        const revoked = await ctx.client().tokens.revoke(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(revoked);
        ctx.print(`${revoked.id} revoked`);
      }),
    );
}
