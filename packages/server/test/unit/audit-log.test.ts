/** The audit log file: numbered lines, rotation by size, pages across the rotated file, a torn line skipped. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/audit/audit-log.js";
import { silentLogger } from "../../src/util/logger.js";

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cta-audit-"));
  dirs.push(dir);
  return path.join(dir, "audit.log");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const entry = (i: number) => ({ actor: { kind: "owner_token" as const }, action: "createTask", status: 201, task_id: `t${i}` });

describe("AuditLog", () => {
  it("rotates past its size, keeps one file before, and pages across both, newest first", async () => {
    const file = fresh();
    const audit = await AuditLog.open(file, 4096, silentLogger);
    for (let i = 1; i <= 60; i++) await audit.append(entry(i));
    expect(statSync(`${file}.1`).size).toBeGreaterThan(4096);
    expect(statSync(file).size).toBeLessThan(4096);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = await audit.list({ limit: 5 });
    expect(first.entries.map((e) => e.seq)).toEqual([60, 59, 58, 57, 56]);
    const later = await audit.list({ limit: 100, cursor: Number(first.next_cursor) });
    expect(later.entries[0]?.seq).toBe(55);
    // In the rotated file.
    expect(readFileSync(`${file}.1`, "utf8")).toContain('"task_id":"t7"');
    expect((await audit.list({ task_id: "t7" })).entries.map((e) => e.seq)).toEqual([7]);
    await audit.close();
  });

  it("numbers on from the last line after a restart, skipping a line torn by a crash", async () => {
    const file = fresh();
    const audit = await AuditLog.open(file, 1024 * 1024, silentLogger);
    await audit.append(entry(1));
    await audit.append(entry(2));
    await audit.close();
    appendFileSync(file, '{"seq":3,"time":"2026-');
    const again = await AuditLog.open(file, 1024 * 1024, silentLogger);
    await again.append(entry(3));
    const { entries } = await again.list({});
    expect(entries.map((e) => [e.seq, e.task_id])).toEqual([
      [3, "t3"],
      [2, "t2"],
      [1, "t1"],
    ]);
    await again.close();
  });
});
