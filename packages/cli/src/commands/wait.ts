/** `wait <id>`: block until a task ends; the exit code says how. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parseDuration, parseTaskId } from "../flags.js";
import { reportSettled, waitWithSpinner } from "../task-progress.js";

export function registerWait(program: Command, action: ActionWrapper): void {
  const command = program
    .command("wait")
    .description("wait until a task and its follow-ups end; exit 0 completed, 10 error, 11 killed, 12 timeout")
    .argument("<id>", "task id", parseTaskId)
    .option("-t, --timeout <duration>", "give up after this long (90, 90s, 5m, 1h); the task keeps running", parseDuration)
    .action(
      action(async (ctx, cmd) => {
        const { timeout } = cmd.opts<{ timeout?: number }>();
        const task = await waitWithSpinner(ctx, cmd.processedArgs[0] as string, timeout);
        return reportSettled(ctx, task, { printResult: true });
      }),
    );
  withExamples(command, [
    "claude-tasks wait 1707000000-a1b2c3d4",
    'claude-tasks wait --timeout 30m 1707000000-a1b2c3d4 || echo "did not complete: $?"',
  ]);
}
