/**
 * `run --follow` in a terminal: each line typed goes to the run in progress as a steer (Claude
 * takes it when its current turn ends); Ctrl-C once interrupts the current turn, twice detaches
 * (the task goes on). While an approval question is asked, typing answers it instead.
 */
import type { CommandContext } from "./context.js";
import { safeText } from "./render/safe-text.js";

export interface LiveSteering {
  /** Aborted when the person detaches (Ctrl-C twice). */
  signal: AbortSignal;
  /** An approval question opens (true) or is over (false): typed lines are its answer meanwhile. */
  onQuestion(asking: boolean): void;
  stop(): void;
}

const failure = (err: unknown) => safeText(err instanceof Error ? err.message : String(err));

/** Starts reading the terminal for `taskId`; undefined when there is no terminal (or with --json). */
export function liveSteering(ctx: CommandContext, taskId: string): LiveSteering | undefined {
  const typedLines = ctx.io.typedLines;
  if (!typedLines || ctx.options.json) return undefined;
  const detach = new AbortController();
  let interrupts = 0;
  let close: (() => void) | undefined;
  const handlers = {
    line(text: string) {
      const prompt = text.trim();
      if (!prompt) return;
      ctx
        .client()
        .tasks.steer(taskId, prompt)
        .then(
          (accepted) =>
            ctx.note(
              ctx.err.dim(
                accepted.delivered === "live"
                  ? "sent: Claude takes it when its current turn ends"
                  : `the run was ending: queued as follow-up run #${accepted.run}`,
              ),
            ),
          (err: unknown) => ctx.note(`not sent: ${failure(err)}`),
        );
    },
    interrupt() {
      interrupts += 1;
      if (interrupts > 1) {
        ctx.note(ctx.err.dim(`detached; the task goes on: claude-tasks logs -f ${taskId}`));
        detach.abort();
        return;
      }
      ctx.note(ctx.err.dim("interrupting the current turn (Ctrl-C again detaches)"));
      ctx
        .client()
        .tasks.interrupt(taskId)
        .catch((err: unknown) => ctx.note(`not interrupted: ${failure(err)}`));
    },
  };
  const open = () => {
    close ??= typedLines(handlers);
  };
  const stop = () => {
    close?.();
    close = undefined;
  };
  open();
  return { signal: detach.signal, onQuestion: (asking) => (asking ? stop() : open()), stop };
}
