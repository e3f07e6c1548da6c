/** Cron times as croner computes them: daylight-saving changes lose and double nothing; bad input is named. */
import { describe, expect, it } from "vitest";
import type { AppError } from "../../../src/errors.js";
import { compileCron, dueFireTimes, nextFireTimes } from "../../../src/schedules/cron-spec.js";

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const berlin = (cron: string) => compileCron({ cron, timezone: "Europe/Berlin" });

describe("daylight-saving changes (Europe/Berlin)", () => {
  it("spring forward: 02:30 does not exist on 29 March 2026; that day's fire comes at 03:00 local, none is lost", () => {
    const times = nextFireTimes(berlin("30 2 * * *"), at("2026-03-27T12:00:00Z"), 4).map(iso);
    expect(times).toEqual([
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:00:00.000Z", // 03:00 CEST, the first moment after the skipped 02:30
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("fall back: 02:30 happens twice on 25 October 2026; it fires once", () => {
    const times = nextFireTimes(berlin("30 2 * * *"), at("2026-10-24T12:00:00Z"), 3).map(iso);
    expect(times).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z", "2026-10-27T01:30:00.000Z"]);
  });

  it("an hourly schedule has 23 fires on the short day and 25 on the long one, all distinct", () => {
    const day = (from: string, to: string) => {
      const times = nextFireTimes(berlin("0 * * * *"), at(from) - 1, 30).filter((t) => t < at(to));
      expect(new Set(times).size).toBe(times.length);
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBe(3600);
      return times.length;
    };
    expect(day("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")).toBe(23);
    expect(day("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")).toBe(25);
  });

  it("counts missed fire times across a change without doubling any", () => {
    const due = dueFireTimes(berlin("*/30 * * * *"), at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"));
    expect(due).toEqual({ latest: at("2026-10-25T02:00:00Z"), count: 4 });
  });
});

describe("expressions", () => {
  it("takes 5 fields, 6 with seconds, and the nicknames", () => {
    expect(
      nextFireTimes(compileCron({ cron: "*/2 * * * * *", timezone: "UTC" }), at("2026-01-01T00:00:01Z"), 2).map(iso),
    ).toEqual(["2026-01-01T00:00:02.000Z", "2026-01-01T00:00:04.000Z"]);
    expect(nextFireTimes(compileCron({ cron: "0 6 * * 1-5", timezone: "UTC" }), at("2026-01-02T07:00:00Z"), 1).map(iso)).toEqual([
      "2026-01-05T06:00:00.000Z", // Friday after six: next is Monday
    ]);
    for (const cron of ["@hourly", "@daily", "@weekly", "@monthly", "@yearly"])
      expect(() => compileCron({ cron, timezone: "UTC" })).not.toThrow();
  });

  it.each([
    ["61 * * * *", "invalid_cron"],
    ["* * *", "invalid_cron"],
    ["* * * * * * *", "invalid_cron"],
    ["@every 5s", "invalid_cron"],
    ["2026-01-01T00:00:00", "invalid_cron"],
  ])("refuses %j", (cron, code) => {
    expect(() => compileCron({ cron, timezone: "UTC" })).toThrow(expect.objectContaining({ code }) as AppError);
  });

  it.each(["Mars/Olympus_Mons", "+02:00", "../etc/passwd", ""])("refuses the zone %j", (timezone) => {
    expect(() => compileCron({ cron: "* * * * *", timezone })).toThrow(
      expect.objectContaining({ code: "invalid_timezone" }) as AppError,
    );
  });

  it("counts a long downtime of a per-second schedule quickly, up to the limit", () => {
    const due = dueFireTimes(
      compileCron({ cron: "* * * * * *", timezone: "UTC" }),
      at("2026-01-01T00:00:00Z"),
      at("2026-01-08T00:00:00Z"),
    );
    expect(due).toEqual({ latest: at("2026-01-08T00:00:00Z"), count: 100 });
    expect(
      dueFireTimes(compileCron({ cron: "0 0 1 1 *", timezone: "UTC" }), at("2026-01-02T00:00:00Z"), at("2026-06-01T00:00:00Z")),
    ).toBeUndefined();
  });
});
