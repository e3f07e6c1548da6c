/**
 * `completion bash|zsh|fish`: completion scripts generated from the command definitions, so they
 * never drift. Task ids complete too, from `__task-ids` (a short list cached for a few seconds,
 * so pressing Tab does not wait on the server every time).
 */
import type { Command, Option } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

export function registerCompletion(program: Command, action: ActionWrapper): void {
  const command = program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .argument("<shell>", "bash, zsh or fish")
    .action(
      action(async (ctx, cmd) => {
        const shell = cmd.processedArgs[0] as string;
        if (shell === "bash") return void ctx.io.stdout.write(bashScript(program));
        if (shell === "zsh") return void ctx.io.stdout.write(zshScript(program));
        if (shell === "fish") return void ctx.io.stdout.write(fishScript(program));
        throw new UsageError(`unsupported shell "${shell}"; use bash, zsh or fish`);
      }),
    );
  withExamples(command, [
    "source <(claude-tasks completion bash)            # in ~/.bashrc",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, shown as typed
    'claude-tasks completion zsh > "${fpath[1]}/_claude-tasks"   # then restart zsh',
    "claude-tasks completion fish > ~/.config/fish/completions/claude-tasks.fish",
  ]);
}

function flagsOf(options: readonly Option[]): string[] {
  return options.flatMap((option) => [option.short, option.long].filter((flag): flag is string => Boolean(flag)));
}

/** Commands people type (not help, not the hidden helpers whose names start with "__"). */
function visibleCommands(program: Command): Command[] {
  return program.commands.filter((command) => command.name() !== "help" && !command.name().startsWith("__"));
}

/** Names (with aliases) of the commands whose first argument is a task id. */
function idCommands(program: Command): string[] {
  return visibleCommands(program)
    .filter((command) => command.registeredArguments[0]?.name() === "id")
    .flatMap((command) => [command.name(), ...command.aliases()]);
}

const namesOf = (command: Command) => [command.name(), ...command.aliases()];

/** Bash: command names, then that command's flags plus the global ones; task ids; shells; config's subcommands. */
export function bashScript(program: Command): string {
  const globals = [...flagsOf(program.options), "--help"].join(" ");
  const commands = visibleCommands(program);
  const cases = commands
    .filter((command) => command.name() !== "completion")
    .map((command) => `    ${namesOf(command).join("|")}) flags="${flagsOf(command.options).join(" ")} ${globals}" ;;`)
    .join("\n");
  const names = commands.map((command) => command.name()).join(" ");
  const subcommands = (name: string) =>
    commands
      .find((command) => command.name() === name)
      ?.commands.map((sub) => sub.name())
      .join(" ") ?? "";
  return `# bash completion for claude-tasks
_claude_tasks() {
  local cur cmd flags i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${globals}" -- "$cur")); else COMPREPLY=($(compgen -W "${names} help" -- "$cur")); fi
    return
  fi
  case "$cmd" in
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(" ")}" -- "$cur")); return ;;
${cases}
    *) flags="${globals}" ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); return; fi
  case "$cmd" in
    ${idCommands(program).join("|")}) COMPREPLY=($(compgen -W "$(claude-tasks __task-ids 2>/dev/null)" -- "$cur")) ;;
    config) COMPREPLY=($(compgen -W "${subcommands("config")}" -- "$cur")) ;;
  esac
}
complete -o default -F _claude_tasks claude-tasks
`;
}

/** Zsh: the same through _arguments-free helpers, with descriptions for commands. */
export function zshScript(program: Command): string {
  const quoteForZsh = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, "\\:");
  const commands = visibleCommands(program);
  const described = commands.map((command) => `    '${command.name()}:${quoteForZsh(command.description())}'`).join("\n");
  const globals = [...flagsOf(program.options), "--help"];
  const cases = commands
    .map(
      (command) =>
        `    ${namesOf(command).join("|")}) flags=(${[...flagsOf(command.options), ...globals].map((flag) => `'${flag}'`).join(" ")}) ;;`,
    )
    .join("\n");
  const configSubcommands = commands.find((command) => command.name() === "config")?.commands.map((sub) => sub.name()) ?? [];
  return `#compdef claude-tasks
# zsh completion for claude-tasks
_claude_tasks() {
  local -a commands flags ids
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    if [[ "$PREFIX" == -* ]]; then compadd -- ${globals.map((flag) => `'${flag}'`).join(" ")}; else _describe 'command' commands; fi
    return
  fi
  case "$words[2]" in
${cases}
    *) flags=(${globals.map((flag) => `'${flag}'`).join(" ")}) ;;
  esac
  if [[ "$PREFIX" == -* ]]; then compadd -- $flags; return; fi
  case "$words[2]" in
    completion) compadd -- ${SHELLS.join(" ")} ;;
    config) compadd -- ${configSubcommands.join(" ")} ;;
    ${idCommands(program).join("|")}) ids=(\${(f)"$(claude-tasks __task-ids 2>/dev/null)"}); compadd -- $ids ;;
    *) _files ;;
  esac
}
compdef _claude_tasks claude-tasks
`;
}

/** Fish: one `complete` line per command, flag and argument kind. */
export function fishScript(program: Command): string {
  const quote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const commands = visibleCommands(program);
  const names = commands.flatMap(namesOf).join(" ");
  const optionLines = (options: readonly Option[], condition: string) =>
    options.map((option) => {
      const parts = ["complete -c claude-tasks", `-n ${quote(condition)}`];
      if (option.short) parts.push(`-s ${option.short.replace(/^-/, "")}`);
      if (option.long) parts.push(`-l ${option.long.replace(/^--/, "")}`);
      if (option.required || option.optional) parts.push("-r");
      parts.push(`-d ${quote(option.description)}`);
      return parts.join(" ");
    });
  const lines = [
    "# fish completion for claude-tasks",
    "complete -c claude-tasks -f",
    ...commands.map(
      (command) =>
        `complete -c claude-tasks -n ${quote(`not __fish_seen_subcommand_from ${names}`)} -a ${command.name()} -d ${quote(command.description())}`,
    ),
    ...optionLines(program.options, "true"),
    ...commands.flatMap((command) => optionLines(command.options, `__fish_seen_subcommand_from ${namesOf(command).join(" ")}`)),
    `complete -c claude-tasks -n ${quote(`__fish_seen_subcommand_from ${idCommands(program).join(" ")}`)} -a ${quote("(claude-tasks __task-ids 2>/dev/null)")}`,
    `complete -c claude-tasks -n ${quote("__fish_seen_subcommand_from completion")} -a ${quote(SHELLS.join(" "))}`,
    ...(commands
      .find((command) => command.name() === "config")
      ?.commands.map(
        (sub) =>
          `complete -c claude-tasks -n ${quote("__fish_seen_subcommand_from config")} -a ${sub.name()} -d ${quote(sub.description())}`,
      ) ?? []),
  ];
  return `${lines.join("\n")}\n`;
}
