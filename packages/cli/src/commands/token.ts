/** `token`: print the bearer token inside the pod, or explain how to get it elsewhere. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { readTokenFile, tokenFilePath } from "../config/settings.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";

export function registerToken(program: Command, action: ActionWrapper): void {
  const command = program
    .command("token")
    .description("print the API token from the pod's token file, or how to get one")
    .action(
      action(async (ctx) => {
        const path = tokenFilePath(ctx.io.env, ctx.io.homedir);
        const token = readTokenFile(path);
        if (token) {
          if (ctx.options.json) return void ctx.printJson({ token });
          return void ctx.print(token);
        }
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
      }),
    );
  withExamples(command, ["claude-tasks token", "export CLAUDE_API_TOKEN=$(claude-tasks token)"]);
}
