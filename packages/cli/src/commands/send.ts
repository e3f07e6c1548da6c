/** `send <id> <prompt>`: continue a task's conversation with a follow-up prompt. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";
import { parseDuration, parseTaskId } from "../flags.js";
import { paintStatus } from "../render/style.js";
import { addRunOptionFlags, type RunOptionFlags, runOptionsFrom } from "../run-flags.js";
import { currentLineCount, followAndRender, reportSettled, waitWithSpinner } from "../task-progress.js";

interface SendOptions extends RunOptionFlags {
  wait?: boolean;
  follow?: boolean;
  timeout?: number;
}

export function registerSend(program: Command, action: ActionWrapper): void {
  const command = program.command("send");
  command
    .description("send a follow-up prompt; it runs now, or after the current run finishes")
    .argument("<id>", "task id", parseTaskId)
    .argument("<prompt>", 'the follow-up prompt; "-" reads it from standard input')
    .option("--wait", "wait until the follow-up has run")
    .option("-f, --follow", "print the follow-up's transcript live")
    .option("--timeout <duration>", "with --wait: give up waiting after this long", parseDuration);
  addRunOptionFlags(command).action(
    action(async (ctx, cmd) => {
      const [id, rawPrompt] = cmd.processedArgs as [string, string];
      const options = cmd.opts<SendOptions>();
      if (options.wait && options.follow) throw new UsageError("use either --wait or --follow, not both");
      if (options.timeout !== undefined && !options.wait) throw new UsageError("--timeout only applies with --wait");
      const prompt = rawPrompt === "-" ? await ctx.io.readStdin() : rawPrompt;
      if (prompt.trim() === "") throw new UsageError("the prompt is empty");
      // Count lines before sending, so --follow shows only what the follow-up writes; the task as
      // it was lets the follow-up's result show its own cost.
      const fromLine = options.follow ? await currentLineCount(ctx, id) : 0;
      const known = options.follow ? await ctx.client().tasks.get(id) : undefined;
      const response = await ctx.client().tasks.sendMessage(id, { prompt, ...runOptionsFrom(options) });
      const latest = response.followups[response.followups.length - 1];
      if (!options.wait && !options.follow) {
        if (ctx.options.json) return void ctx.printJson(response);
        ctx.print(`${id} follow-up #${response.followups.length} ${paintStatus(ctx.out, latest?.state ?? response.status)}`);
        return;
      }
      if (options.follow) {
        const { task, shownError } = await followAndRender(ctx, id, { fromLine, ...(known && { known }) });
        return reportSettled(ctx, task, { printResult: false, shownError });
      }
      return reportSettled(ctx, await waitWithSpinner(ctx, id, options.timeout), { printResult: true });
    }),
  );
  withExamples(command, [
    'claude-tasks send 1707000000-a1b2c3d4 "Now add unit tests for that script"',
    'claude-tasks send --follow 1707000000-a1b2c3d4 "Explain what you changed"',
    'claude-tasks send --model opus --max-turns 5 1707000000-a1b2c3d4 "Review your own diff"',
  ]);
}
