/**
 * Cron expressions and time zones, read by croner (no parser of our own). A schedule's times
 * are always computed here, so the API, the clock and the previews agree, also across
 * daylight-saving changes (croner fires a skipped local time at the first valid moment after
 * it, and a repeated local time once).
 */
import { Cron } from "croner";
import { AppError } from "../errors.js";

/** The nicknames the API accepts besides 5- and 6-field expressions. */
const NICKNAMES = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** A zone name as IANA spells them (`Europe/Berlin`, `UTC`, `Etc/GMT+5`): no offsets, no paths. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export interface CronSpec {
  cron: string;
  timezone: string;
}

/** The expression as croner reads it in `timezone`; a 400 naming the problem otherwise. */
export function compileCron({ cron, timezone }: CronSpec): Cron {
  checkTimezone(timezone);
  const text = cron.trim();
  const fields = text.split(/\s+/);
  const nickname = fields.length === 1 && NICKNAMES.has(text.toLowerCase());
  if (!nickname && fields.length !== 5 && fields.length !== 6) {
    throw new AppError(
      "invalid_cron",
      `cron must have 5 fields (minute hour day month weekday), 6 (seconds first) or be one of ${[...NICKNAMES].join(", ")}; got ${JSON.stringify(cron)}`,
    );
  }
  try {
    return new Cron(text, { timezone, mode: nickname ? "auto" : fields.length === 5 ? "5-part" : "6-part" });
  } catch (err) {
    const reason = (err as Error).message.replace(/^CronPattern: /, "");
    throw new AppError("invalid_cron", `cron ${JSON.stringify(cron)} is not a valid expression: ${reason}`);
  }
}

/** Refuses a zone the runtime does not know (croner would silently use another). */
export function checkTimezone(timezone: string): void {
  let known = ZONE_NAME.test(timezone);
  if (known) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    } catch {
      known = false;
    }
  }
  if (!known) {
    throw new AppError(
      "invalid_timezone",
      `timezone ${JSON.stringify(timezone)} is not an IANA time zone name (e.g. Europe/Berlin, UTC)`,
    );
  }
}

/** The next `count` fire times after `afterSeconds` (unix seconds). */
export function nextFireTimes(cron: Cron, afterSeconds: number, count: number): number[] {
  return cron.nextRuns(count, new Date(afterSeconds * 1000)).map((d) => d.getTime() / 1000);
}

/**
 * The fire times in (`afterSeconds`, `untilSeconds`]: the latest one and how many there were
 * (counted up to `countLimit`, so a long downtime of a per-second schedule costs no time).
 */
export function dueFireTimes(
  cron: Cron,
  afterSeconds: number,
  untilSeconds: number,
  countLimit = 100,
): { latest: number; count: number } | undefined {
  const latestDate = cron.previousRuns(1, new Date(untilSeconds * 1000 + 1))[0];
  const latest = latestDate ? latestDate.getTime() / 1000 : undefined;
  if (latest === undefined || latest <= afterSeconds) return undefined;
  let count = 0;
  let at: Date | null = new Date(afterSeconds * 1000);
  while (count < countLimit) {
    at = cron.nextRun(at);
    if (!at || at.getTime() / 1000 > latest) break;
    count++;
  }
  return { latest, count };
}
