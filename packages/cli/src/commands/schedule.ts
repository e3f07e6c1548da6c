/** `schedule create|list|show|pause|resume|run|delete`: recurring tasks the server starts on its own. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";
import { collectLabel } from "../flags.js";
import { describeFire, renderSchedule, renderScheduleList } from "../render/schedule-view.js";
import { addRunOptionFlags, type RunOptionFlags, runOptionsFrom } from "../run-flags.js";
import {
  type CatchUpPolicy,
  type OverlapPolicy,
  parseCatchUp,
  parseCron,
  parseOverlap,
  parseScheduleId,
  parseScheduleName,
} from "../schedule-flags.js";

interface CreateFlags extends RunOptionFlags {
  cron: string;
  tz?: string;
  name?: string;
  workdir?: string;
  label?: Record<string, string>;
  overlap?: OverlapPolicy;
  catchUp?: CatchUpPolicy;
  paused?: boolean;
}

/** Names shown for a schedule created without --name: the prompt's first line, cut. */
const DEFAULT_NAME_LENGTH = 60;

export function registerSchedule(program: Command, action: ActionWrapper): void {
  const schedule = program.command("schedule").description("recurring tasks: the server starts them on a cron schedule");

  const create = schedule
    .command("create")
    .description("define a schedule; prints its id and next run")
    .argument("<prompt>", 'the prompt for each task; "-" reads it from standard input')
    .requiredOption(
      "--cron <expr>",
      'when: 5 fields, 6 with seconds first, or @hourly/@daily/@weekly (e.g. "0 6 * * 1-5")',
      parseCron,
    )
    .option("--tz <zone>", "IANA time zone the expression is read in (default UTC), e.g. Europe/Berlin")
    .option("--name <name>", "what to call it (default: the prompt's first line)", parseScheduleName)
    .option("-w, --workdir <dir>", "directory each task runs in (inside the server's WORKDIR_ROOT)")
    .option("--overlap <policy>", "a fire while the last task runs: skip (default), queue or allow", parseOverlap)
    .option("--catch-up <policy>", "after downtime: latest (default: one task for the missed times) or none", parseCatchUp)
    .option("--paused", "create it paused (resume starts it)");
  addRunOptionFlags(create)
    .option("-l, --label <key=value>", "label each task (repeatable); schedule=<id> is added", collectLabel)
    .action(
      action(async (ctx, cmd) => {
        const flags = cmd.opts<CreateFlags>();
        let prompt = cmd.processedArgs[0] as string;
        if (prompt === "-") prompt = await ctx.io.readStdin();
        if (prompt.trim() === "") throw new UsageError("the prompt is empty");
        const created = await ctx.client().schedules.create({
          name: flags.name ?? defaultName(prompt),
          cron: flags.cron,
          ...(flags.tz !== undefined && { timezone: flags.tz }),
          ...(flags.overlap !== undefined && { overlap: flags.overlap }),
          ...(flags.catchUp !== undefined && { catch_up: flags.catchUp }),
          ...(flags.paused && { enabled: false }),
          task: {
            prompt,
            ...(flags.workdir !== undefined && { workdir: flags.workdir }),
            ...runOptionsFrom(flags),
            ...(flags.label && { labels: flags.label }),
          },
        });
        if (ctx.options.json) return void ctx.printJson(created);
        ctx.print(created.schedule_id);
        const next =
          created.next_run_at === undefined ? "paused" : `next run ${new Date(created.next_run_at * 1000).toISOString()}`;
        ctx.note(ctx.err.dim(`${next}; see it with: claude-tasks schedule show ${created.schedule_id}`));
      }),
    );
  withExamples(create, [
    'claude-tasks schedule create --cron "0 6 * * 1-5" --tz Europe/Berlin "summarise what CI broke overnight"',
    'claude-tasks schedule create --cron "@weekly" --name triage -w repo --overlap queue "triage new issues"',
  ]);

  schedule
    .command("list")
    .description("every schedule with its next run and last outcome")
    .action(
      action(async (ctx) => {
        const schedules = await ctx.client().schedules.list();
        if (ctx.options.json) return void ctx.printJson({ schedules });
        if (schedules.length === 0) return void ctx.note("no schedules");
        ctx.print(renderScheduleList(ctx, schedules));
      }),
    );

  schedule
    .command("show")
    .description("a schedule: definition, next five runs, fire history with task ids")
    .argument("<id>", "schedule id", parseScheduleId)
    .action(
      action(async (ctx, cmd) => {
        const found = await ctx.client().schedules.get(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(found);
        ctx.print(renderSchedule(found));
      }),
    );

  for (const [name, description] of [
    ["pause", "stop a schedule's fires (missed ones are not caught up)"],
    ["resume", "start a paused schedule again, from now"],
  ] as const) {
    schedule
      .command(name)
      .description(description)
      .argument("<id>", "schedule id", parseScheduleId)
      .action(
        action(async (ctx, cmd) => {
          const id = cmd.processedArgs[0] as string;
          const changed = await (name === "pause" ? ctx.client().schedules.pause(id) : ctx.client().schedules.resume(id));
          if (ctx.options.json) return void ctx.printJson(changed);
          ctx.print(`${id} ${changed.enabled ? "resumed" : "paused"}`);
        }),
      );
  }

  schedule
    .command("run")
    .description("fire a schedule now (overlap and policy apply); prints the task id")
    .argument("<id>", "schedule id", parseScheduleId)
    .action(
      action(async (ctx, cmd) => {
        const fire = await ctx.client().schedules.run(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(fire);
        if (fire.task_id) ctx.print(fire.task_id);
        ctx.note(describeFire(fire));
      }),
    );

  schedule
    .command("delete")
    .description("delete a schedule; the tasks it created stay")
    .argument("<id>", "schedule id", parseScheduleId)
    .action(
      action(async (ctx, cmd) => {
        const deleted = await ctx.client().schedules.delete(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(deleted);
        ctx.print(`${deleted.schedule_id} deleted`);
      }),
    );
}

function defaultName(prompt: string): string {
  const first = prompt.trim().split("\n")[0] ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a name holds no control characters
  const clean = first.replace(/[\u0000-\u001f\u007f]/g, " ");
  return clean.length > DEFAULT_NAME_LENGTH ? `${clean.slice(0, DEFAULT_NAME_LENGTH - 1)}…` : clean;
}
