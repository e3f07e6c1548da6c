/**
 * Property-based fuzzing of the schedule operations over real HTTP: hostile names, cron
 * expressions, zones and task templates. Whatever arrives, the answer is never a 5xx, every
 * error is JSON with a code, only a 201 stores a schedule, and no fuzzed schedule ever creates
 * a task (the only valid expressions offered fire once a year, on 1 January).
 */
import { chmodSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { body, oddString } from "../../src/hostile-arbitraries.js";
import { request } from "../../src/http.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000) / 4;

let server: TestServer;
let realId: string;
const stub = path.join(process.env.TMPDIR ?? "/tmp", `cta-schedule-fuzz-claude-${process.pid}`);

const call = (method: string, urlPath: string, payload?: string) =>
  request(server.url, {
    method,
    path: urlPath,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    ...(payload !== undefined && { body: payload }),
    timeoutMs: 20_000,
    freshConnection: true,
  });

beforeAll(async () => {
  writeFileSync(stub, '#!/bin/sh\n[ "$1" = --version ] && { echo "2.1.328 (Claude Code)"; exit 0; }\nhead -n 1 >/dev/null\n');
  chmodSync(stub, 0o755);
  server = await startTestServer({ env: { CLAUDE_BIN: stub, LOG_LEVEL: "error" } });
  const created = await call(
    "POST",
    "/api/claude/schedules",
    JSON.stringify({ name: "target", cron: "0 0 1 1 *", task: { prompt: "x" } }),
  );
  realId = created.json.schedule_id;
});
afterAll(async () => {
  await server?.stop();
  rmSync(stub, { force: true });
});

const NEVER_SOON = ["0 0 1 1 *", "0 0 0 1 1 *", "@yearly", "@annually"];
const cron = fc.oneof(
  fc.constantFrom(...NEVER_SOON),
  oddString,
  fc.constantFrom("* * * * * * *", "61 * * * *", "@every 1s", "0 0 31 2 *"),
);
const timezone = fc.oneof(
  fc.constantFrom("UTC", "Europe/Berlin", "America/St_Johns", "Etc/GMT+14"),
  oddString,
  fc.constantFrom("../../etc/localtime", "+14:00", "Mars/Olympus_Mons", "posix/Europe/Berlin"),
);
const task = fc.oneof(
  fc.record(
    {
      prompt: oddString,
      workdir: fc.option(oddString, { nil: undefined }),
      labels: fc.option(fc.dictionary(oddString, oddString), { nil: undefined }),
    },
    { requiredKeys: ["prompt"] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Valid but for the odd detail, so that handlers (not only validation) run. */
const nearlyValid = fc
  .record(
    {
      name: fc.oneof(fc.constantFrom("nightly", "𝕳𝖊𝖑𝖑𝖔 <b>x</b>", "$(touch /tmp/pwned)", "\u202eevil"), oddString),
      cron: fc.constantFrom(...NEVER_SOON),
      timezone: fc.constantFrom("UTC", "Europe/Berlin", "Asia/Kathmandu"),
      task: fc.record(
        {
          prompt: fc.constantFrom("x", "@reply y", "'; DROP TABLE tasks; --"),
          labels: fc.option(fc.dictionary(oddString, oddString, { maxKeys: 3 }), { nil: undefined }),
        },
        { requiredKeys: ["prompt"] },
      ),
      overlap: fc.constantFrom("skip", "queue", "allow"),
    },
    { requiredKeys: ["name", "cron", "task"] },
  )
  .map((b) => JSON.stringify(b));
const scheduleBody = fc.oneof(
  { weight: 3, arbitrary: nearlyValid },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          name: oddString,
          cron,
          timezone,
          task,
          overlap: oddString,
          catch_up: oddString,
          enabled: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      )
      .map((b) => JSON.stringify(b)),
  },
  { weight: 1, arbitrary: body.map((b) => (typeof b === "string" ? b : Buffer.from(b).toString("latin1"))) },
);
const target = fc.oneof(
  fc.constant({ method: "POST", path: "/api/claude/schedules" }),
  fc.constant({ method: "PATCH", path: "/api/claude/schedules/{id}" }),
  fc.constant({ method: "GET", path: "/api/claude/schedules/preview" }),
  fc.constantFrom("GET", "DELETE", "POST").map((method) => ({ method, path: "/api/claude/schedules/sch-0000000000000000/run" })),
);

describe("fuzzing the schedule operations", () => {
  it(`never answers 5xx or a non-JSON error, stores only on 201, and fires nothing (${RUNS} requests)`, async () => {
    const stored = new Set<string>([realId]);
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(target, scheduleBody, cron, timezone, async (t, payload, expr, zone) => {
        const urlPath =
          t.path === "/api/claude/schedules/preview"
            ? `${t.path}?cron=${encodeURIComponent(expr.replace(/[\ud800-\udfff]/g, "?"))}&timezone=${encodeURIComponent(zone.replace(/[\ud800-\udfff]/g, "?"))}`
            : t.path.replace("{id}", realId);
        const res = await call(t.method, urlPath, t.method === "GET" ? undefined : payload);
        const where = `${t.method} ${urlPath.slice(0, 200)} ${payload.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) {
          expect(typeof res.json?.error, where).toBe("string");
          expect(typeof res.json?.code, where).toBe("string");
        }
        const key = `${res.status} ${res.json?.code ?? ""}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (t.method === "POST" && t.path === "/api/claude/schedules" && res.status === 201) stored.add(res.json.schedule_id);
        const files = readdirSync(path.join(server.tasksDir, ".schedules")).filter((n) => n.endsWith(".json"));
        expect(new Set(files.map((n) => n.replace(/\.json$/, ""))), where).toEqual(stored);
      }),
      { numRuns: RUNS, endOnFailure: true, interruptAfterTimeLimit: 100_000, markInterruptAsFailure: true },
    );
    console.info("schedule fuzz answers (status code: count)", Object.fromEntries([...seen].sort()));
    // The generators reach past validation: schedules were stored, changed, previewed, refused by croner.
    for (const key of [
      "200 ",
      "201 ",
      "400 invalid_cron",
      "400 invalid_timezone",
      "400 validation_failed",
      "404 schedule_not_found",
    ]) {
      expect(seen.get(key), `no request was answered ${key}`).toBeGreaterThan(0);
    }
    const tasks = (await call("GET", "/api/claude/tasks")).json.tasks;
    expect(tasks).toEqual([]);
    // The schedules that were stored still read back and delete cleanly.
    for (const id of stored) expect((await call("DELETE", `/api/claude/schedules/${id}`)).status).toBe(200);
  });
});
