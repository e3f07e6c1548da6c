/** `logs <id>`: the task's output as a readable transcript, the exact stream-json (--raw) or events as JSON. */
import { parseStreamJson, splitOutputLines } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parsePositiveInt, parseTaskId } from "../flags.js";
import { safeJson } from "../render/safe-text.js";
import { TranscriptRenderer } from "../render/transcript.js";
import { followAndRender, reportSettled } from "../task-progress.js";

interface LogsOptions {
  tail?: number;
  follow?: boolean;
  raw?: boolean;
}

export function registerLogs(program: Command, action: ActionWrapper): void {
  const command = program
    .command("logs")
    .description("print a task's output as a transcript; -f keeps printing until it ends")
    .argument("<id>", "task id", parseTaskId)
    .option("-n, --tail <n>", "only the last n lines of the log", parsePositiveInt)
    .option("-f, --follow", "keep printing new output until the task (and its follow-ups) end")
    .option("--raw", "print the exact stream-json lines, exit markers included")
    .action(
      action(async (ctx, cmd) => {
        const id = cmd.processedArgs[0] as string;
        const options = cmd.opts<LogsOptions>();
        const client = ctx.client();
        // The task's finished runs let each result show its own cost wherever reading starts.
        const known = options.raw || ctx.options.json ? undefined : await client.tasks.get(id);
        const renderer = new TranscriptRenderer(ctx.out);
        renderer.knowRuns(known?.runs, known?.session_id);
        const emit = (lines: string[]) => {
          if (options.raw) return void (lines.length && ctx.printExact(`${lines.join("\n")}\n`));
          for (const event of parseStreamJson(lines.join("\n"))) {
            if (ctx.options.json) ctx.io.stdout.write(`${safeJson(JSON.stringify(event))}\n`);
            else for (const line of renderer.render(event)) ctx.print(line);
          }
        };
        if (!options.follow) {
          const text = await client.tasks.output(id, options.tail === undefined ? {} : { tail: options.tail });
          const shown = splitOutputLines(text, true);
          // Without --follow, --json is one JSON array: the parsed events, unchanged.
          if (ctx.options.json && !options.raw) return void ctx.printJson(parseStreamJson(shown.join("\n")));
          return void emit(shown);
        }
        // Everything over the server's event stream (with --tail, only the last lines are sent):
        // lines appear as they are written, and a dropped connection (or a server restart) is
        // resumed without losing or repeating a line.
        const { task, shownError } = await followAndRender(ctx, id, {
          ...(options.tail !== undefined && { tail: options.tail }),
          ...(known && { known }),
          ...(options.raw && { raw: true }),
        });
        return reportSettled(ctx, task, { printResult: false, shownError });
      }),
    );
  withExamples(command, [
    "claude-tasks logs 1707000000-a1b2c3d4",
    "claude-tasks logs -f --tail 20 1707000000-a1b2c3d4",
    "claude-tasks logs --raw 1707000000-a1b2c3d4 > output.log",
    "claude-tasks logs --json 1707000000-a1b2c3d4 | jq '.[] | select(.type == \"result\")'",
  ]);
}
