/** `completion bash|zsh`: a completion script generated from the command definitions, so it never drifts. */
import type { Command, Option } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";

export function registerCompletion(program: Command, action: ActionWrapper): void {
  const command = program
    .command("completion")
    .description("print a shell completion script for bash or zsh")
    .argument("<shell>", "bash or zsh")
    .action(
      action(async (ctx, cmd) => {
        const shell = cmd.processedArgs[0] as string;
        if (shell === "bash") return void ctx.io.stdout.write(bashScript(program));
        if (shell === "zsh") return void ctx.io.stdout.write(zshScript(program));
        throw new UsageError(`unsupported shell "${shell}"; use bash or zsh`);
      }),
    );
  withExamples(command, [
    "source <(claude-tasks completion bash)            # in ~/.bashrc",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, shown as typed
    'claude-tasks completion zsh > "${fpath[1]}/_claude-tasks"   # then restart zsh',
  ]);
}

function flagsOf(options: readonly Option[]): string[] {
  return options.flatMap((option) => [option.short, option.long].filter((flag): flag is string => Boolean(flag)));
}

function visibleCommands(program: Command): Command[] {
  return program.commands.filter((command) => command.name() !== "help");
}

/** Bash: complete command names, then that command's flags plus the global ones. */
export function bashScript(program: Command): string {
  const globals = [...flagsOf(program.options), "--help"].join(" ");
  const cases = visibleCommands(program)
    .map(
      (command) =>
        `    ${[command.name(), ...command.aliases()].join("|")}) flags="${flagsOf(command.options).join(" ")} ${globals}" ;;`,
    )
    .join("\n");
  const names = visibleCommands(program)
    .map((command) => command.name())
    .join(" ");
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
${cases}
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
    *) flags="${globals}" ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); fi
}
complete -o default -F _claude_tasks claude-tasks
`;
}

/** Zsh: the same information through compdef, with descriptions. */
export function zshScript(program: Command): string {
  const quoteForZsh = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, "\\:");
  const commands = visibleCommands(program)
    .map((command) => `    '${command.name()}:${quoteForZsh(command.description())}'`)
    .join("\n");
  const globals = flagsOf(program.options).join(" ");
  const cases = visibleCommands(program)
    .map(
      (command) =>
        `    ${[command.name(), ...command.aliases()].join("|")}) _values -w 'flag' ${[...flagsOf(command.options), ...flagsOf(program.options), "--help"].map((flag) => `'${flag}'`).join(" ")} ;;`,
    )
    .join("\n");
  return `#compdef claude-tasks
# zsh completion for claude-tasks
_claude_tasks() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    if [[ "$PREFIX" == -* ]]; then _values -w 'flag' ${globals
      .split(" ")
      .map((flag) => `'${flag}'`)
      .join(" ")}; else _describe 'command' commands; fi
    return
  fi
  if [[ "$words[2]" == completion ]]; then _values 'shell' bash zsh; return; fi
  if [[ "$PREFIX" != -* ]]; then _files; return; fi
  case "$words[2]" in
${cases}
  esac
}
compdef _claude_tasks claude-tasks
`;
}
