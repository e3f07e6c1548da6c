/** `config`: show the effective settings (token masked), pick a profile, set a profile's url or token. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { configFilePath, loadConfigFile, saveConfigFile } from "../config/config-file.js";
import { maskToken, withScheme } from "../config/settings.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { renderKeyValues } from "../render/table.js";

const SETTABLE = ["url", "token"] as const;
type SettableKey = (typeof SETTABLE)[number];

export function registerConfig(program: Command, action: ActionWrapper): void {
  const config = program
    .command("config")
    .description("show or change settings: config [show], config use <profile>, config set <url|token> <value>");

  const show = config
    .command("show", { isDefault: true })
    .description("show the effective settings (flags > environment > config profile > defaults)")
    .action(action(async (ctx) => showSettings(ctx)));
  withExamples(show, ["claude-tasks config", "claude-tasks --profile alice config show --json"]);

  const use = config
    .command("use")
    .description("make a profile the default")
    .argument("<profile>", "a profile in the config file")
    .action(
      action(async (ctx, cmd) => {
        const name = cmd.processedArgs[0] as string;
        const path = configFilePath(ctx.io.env, ctx.io.homedir);
        const { config: file } = loadConfigFile(path);
        if (!file.profiles[name]) {
          const known = Object.keys(file.profiles);
          throw new UsageError(
            `no profile "${name}" in ${path}${known.length ? ` (profiles: ${known.join(", ")})` : ""}; create it with: claude-tasks --profile ${name} config set url <url>`,
          );
        }
        saveConfigFile(path, { ...file, defaultProfile: name });
        ctx.note(`default profile is now "${name}" (${path})`);
      }),
    );
  withExamples(use, ["claude-tasks config use alice"]);

  const set = config
    .command("set")
    .description('set url or token in a profile (--profile, else the default profile, else "default")')
    .argument("<key>", "url or token")
    .argument("<value>", "the value; for token, - reads it from standard input")
    .action(
      action(async (ctx, cmd) => {
        const [key, raw] = cmd.processedArgs as [string, string];
        if (!SETTABLE.includes(key as SettableKey)) throw new UsageError(`unknown key "${key}"; use url or token`);
        const value = raw === "-" ? (await ctx.io.readStdin()).trim() : raw.trim();
        if (value === "") throw new UsageError(`the ${key} is empty`);
        const profile = writeProfile(ctx, { [key]: key === "url" ? checkedUrl(value) : value });
        ctx.note(`${key} set in profile "${profile}"`);
      }),
    );
  withExamples(set, [
    "claude-tasks --profile alice config set url https://alice.dev.example.com",
    "pbpaste | claude-tasks --profile alice config set token -",
  ]);

  config.addHelpText(
    "after",
    `
Config file ($XDG_CONFIG_HOME/claude-tasks/config.json, else ~/.config/claude-tasks/config.json),
written with mode 0600 (a looser mode is warned about, since it holds tokens):
  {
    "defaultProfile": "alice",
    "profiles": {
      "alice": { "url": "https://alice.dev.example.com", "token": "..." },
      "local": { "url": "http://127.0.0.1:6080" }
    }
  }
Select a profile with --profile NAME or CLAUDE_TASKS_PROFILE, or make it the default with
"claude-tasks config use NAME". "claude-tasks login" checks a token and saves it.`,
  );
}

function showSettings(ctx: CommandContext): void {
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
      ["token", token ? `${token.value} ${from(token.source)}` : `- ${from('none: see "claude-tasks login"')}`],
    ]),
  );
}

/** An http(s) URL, scheme added the way --url adds it. */
export function checkedUrl(value: string): string {
  const url = withScheme(value);
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return url.replace(/\/+$/, "");
  } catch {
    // Reported below.
  }
  throw new UsageError(`invalid URL "${value}"; expected e.g. https://alice.dev.example.com`);
}

/**
 * Merges values into the profile named by --profile / CLAUDE_TASKS_PROFILE, else the default
 * profile, else "default" (which then becomes the default); returns the profile's name.
 */
export function writeProfile(ctx: CommandContext, values: { url?: string; token?: string }, name?: string): string {
  const path = configFilePath(ctx.io.env, ctx.io.homedir);
  const { config: file } = loadConfigFile(path);
  const profile = name ?? ctx.options.profile ?? ctx.io.env.CLAUDE_TASKS_PROFILE ?? file.defaultProfile ?? "default";
  const profiles = { ...file.profiles, [profile]: { ...file.profiles[profile], ...values } };
  saveConfigFile(path, { ...file, profiles, defaultProfile: file.defaultProfile ?? profile });
  return profile;
}
