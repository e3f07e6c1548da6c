/**
 * `token`: print the bearer token of the server this CLI talks to, or explain how to get it. The
 * pod's token file belongs to whichever server shares its TASKS_DIR, which need not be the one
 * `--url` / the profile names: the token is printed only once that server accepts it.
 */
import { AuthenticationError, ConnectionError, createClient } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { readTokenFile, tokenFilePath } from "../config/settings.js";
import type { CommandContext } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { registerTokenAdmin } from "./token-admin.js";

const CHECK_TIMEOUT_MS = 5_000;

export function registerToken(program: Command, action: ActionWrapper): void {
  const command = program
    .command("token")
    .description("print the API token of the server in use (from the pod's token file, once that server accepts it)")
    .action(
      action(async (ctx) => {
        const path = tokenFilePath(ctx.io.env, ctx.io.homedir);
        const token = readTokenFile(path);
        if (!token) return explainNoToken(ctx, path);
        await checkTokenIsTheServers(ctx, token, path);
        if (ctx.options.json) return void ctx.printJson({ token });
        return void ctx.print(token);
      }),
    );
  withExamples(command, [
    "claude-tasks token",
    "export CLAUDE_API_TOKEN=$(claude-tasks token)",
    "claude-tasks token create --name ci --scope tasks:read,tasks:write",
  ]);
  registerTokenAdmin(command, action);
}

/** Throws unless the server at the configured URL answers an authenticated request with `token`. */
async function checkTokenIsTheServers(ctx: CommandContext, token: string, path: string): Promise<void> {
  const url = ctx.settings().url.value;
  const client = createClient({ baseUrl: url, token, timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
  try {
    await client.tasks.list({ limit: 1 });
  } catch (error) {
    if (error instanceof AuthenticationError)
      throw new CliError(`${url} does not accept the token in ${path}: it is another server's token`, ExitCode.Auth);
    if (error instanceof ConnectionError)
      throw new CliError(
        `cannot reach ${url} to check that the token in ${path} is its own, so the token is not printed`,
        ExitCode.Connection,
      );
    throw error;
  }
}

function explainNoToken(ctx: CommandContext, path: string): never {
  let host = "<your workspace host>";
  try {
    host = ctx.settings().url.value;
  } catch {
    // A broken config must not hide the instructions.
  }
  ctx.note(
    [
      `No token file at ${path} (that file exists only inside the workspace pod).`,
      "To get the token:",
      `  - in a browser logged in to the workspace, open ${host.replace(/\/+$/, "")}/oauth/api/claude/auth/token`,
      "  - or inside the pod run: claude-tasks token",
      'Then use it with: export CLAUDE_API_TOKEN=<token>   (or --token, or "token" in a config profile)',
    ].join("\n"),
  );
  throw new CliError("no token available here", ExitCode.Auth);
}
