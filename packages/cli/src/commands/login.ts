/** `login`: check a token against the server and save url and token in a profile (like `gh auth login`). */
import { createClient } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { configFilePath, loadConfigFile } from "../config/config-file.js";
import { maskToken, resolveSettings } from "../config/settings.js";
import { UsageError } from "../errors.js";
import { writeProfile } from "./config.js";

export function registerLogin(program: Command, action: ActionWrapper): void {
  const command = program
    .command("login")
    .description(
      "check the token (--token, --with-token from stdin, or the pod's token file) and save it with the URL in a profile",
    )
    .option("--with-token", "read the token from standard input")
    .action(
      action(async (ctx, cmd) => {
        if (cmd.opts<{ withToken?: boolean }>().withToken) {
          const token = (await ctx.io.readStdin()).trim();
          if (token === "") throw new UsageError("--with-token: standard input was empty");
          ctx.options.token = token;
        }
        const path = configFilePath(ctx.io.env, ctx.io.homedir);
        const target = ctx.options.profile ?? ctx.io.env.CLAUDE_TASKS_PROFILE;
        // Logging in creates the profile it names: resolve the rest without it when it is new.
        const isNew = target !== undefined && !loadConfigFile(path).config.profiles[target];
        const settings = isNew
          ? resolveSettings(
              { ...ctx.options, profile: undefined },
              { ...ctx.io.env, CLAUDE_TASKS_PROFILE: undefined },
              ctx.io.homedir,
            )
          : ctx.settings();
        if (!settings.token)
          throw new UsageError(
            'no token to log in with: pass --token, pipe it to --with-token, or run inside the pod (see "claude-tasks token")',
          );
        // Any authenticated call proves the token; a page of one task is the cheapest.
        await createClient({ baseUrl: settings.url.value, token: settings.token.value }).tasks.list({ limit: 1 });
        const profile = writeProfile(ctx, { url: settings.url.value, token: settings.token.value }, target);
        if (ctx.options.json) return void ctx.printJson({ profile, url: settings.url.value, configFile: path });
        ctx.note(
          `logged in to ${settings.url.value} with token ${maskToken(settings.token.value)}; saved as profile "${profile}" in ${path}`,
        );
      }),
    );
  withExamples(command, [
    "claude-tasks --url https://alice.dev.example.com login --with-token < token.txt",
    "claude-tasks --profile local --url 127.0.0.1:6080 login     # inside the pod: the token file is read",
  ]);
}
