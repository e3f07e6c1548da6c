/** `config`: the effective settings and where each came from, token masked. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { maskToken } from "../config/settings.js";
import { renderKeyValues } from "../render/table.js";

export function registerConfig(program: Command, action: ActionWrapper): void {
  const command = program
    .command("config")
    .description("show the effective settings (flags > environment > config profile > defaults)")
    .action(
      action(async (ctx) => {
        const settings = ctx.settings();
        const token = settings.token && { value: maskToken(settings.token.value), source: settings.token.source };
        if (ctx.options.json) {
          return void ctx.printJson({
            configFile: settings.configFile,
            profiles: settings.profiles,
            profile: settings.profile ?? null,
            url: settings.url,
            token: token ?? null,
          });
        }
        const from = (source: string) => ctx.out.dim(`(${source})`);
        ctx.print(
          renderKeyValues([
            ["config file", `${settings.configFile.path} ${from(settings.configFile.exists ? "found" : "not found")}`],
            ["profiles", settings.profiles.length ? settings.profiles.join(", ") : "-"],
            ["profile", settings.profile ? `${settings.profile.value} ${from(settings.profile.source)}` : "-"],
            ["url", `${settings.url.value} ${from(settings.url.source)}`],
            ["token", token ? `${token.value} ${from(token.source)}` : `- ${from('none: see "claude-tasks token"')}`],
          ]),
        );
      }),
    );
  command.addHelpText(
    "after",
    `
Config file ($XDG_CONFIG_HOME/claude-tasks/config.json, else ~/.config/claude-tasks/config.json):
  {
    "defaultProfile": "alice",
    "profiles": {
      "alice": { "url": "https://alice.dev.example.com", "token": "..." },
      "local": { "url": "http://127.0.0.1:6080" }
    }
  }
Select a profile with --profile NAME or CLAUDE_TASKS_PROFILE.`,
  );
  withExamples(command, ["claude-tasks config", "claude-tasks --profile alice config --json"]);
}
