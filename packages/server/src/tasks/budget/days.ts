/**
 * Calendar days in a time zone (BUDGET_TIMEZONE): where today began, when the next day begins,
 * and a time's date. croner computes the midnights, so daylight-saving changes are its concern.
 */
import { Cron } from "croner";

const HOUR_MS = 3_600_000;
const midnights = new Map<string, Cron>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function midnight(timezone: string): Cron {
  let cron = midnights.get(timezone);
  if (!cron) {
    cron = new Cron("0 0 * * *", { timezone });
    midnights.set(timezone, cron);
  }
  return cron;
}

/** The first midnight strictly after `ms`, in milliseconds. */
export function nextDayStart(ms: number, timezone: string): number {
  const next = midnight(timezone).nextRun(new Date(ms));
  if (!next) throw new Error(`no midnight after ${new Date(ms).toISOString()} in ${timezone}`);
  return next.getTime();
}

/** The midnight that began the day holding `ms` (a day is at most 25 hours long). */
export function dayStart(ms: number, timezone: string): number {
  let start = nextDayStart(ms - 26 * HOUR_MS, timezone);
  for (let next = nextDayStart(start, timezone); next <= ms; next = nextDayStart(start, timezone)) start = next;
  return start;
}

/** The date (`YYYY-MM-DD`) of `ms` in `timezone`. */
export function dayKey(ms: number, timezone: string): string {
  let format = dateFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timezone, format);
  }
  return format.format(ms);
}

/** The calendar date `days` after `date` (`YYYY-MM-DD`; negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whether `date` (`YYYY-MM-DD`) names a real day (not 2026-02-30). */
export const isRealDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && addDays(date, 0) === date;
