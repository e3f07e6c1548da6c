#!/usr/bin/env node
/**
 * `npm run bench`: runs every benchmark against the real built server, prints one table each
 * and writes them all to BENCHMARKS.md at the repository root. Exits 1 when a target is missed,
 * so a regression fails the command. `node run.mjs read-cost events` runs only those.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { claudeStartup } from "./claude-startup.mjs";
import { createLatency } from "./create-latency.mjs";
import { events } from "./events.mjs";
import { listScale } from "./list-scale.mjs";
import { readCost } from "./read-cost.mjs";
import { runningReads } from "./running-reads.mjs";
import { scheduleDelay } from "./schedule-delay.mjs";
import { slowSubscribers } from "./slow-subscribers.mjs";
import { table } from "./stats.mjs";
import { steerLatency } from "./steer.mjs";
import { throughput } from "./throughput.mjs";
import { tokenCost } from "./token-cost.mjs";

const BENCHMARKS = {
  "read-cost": readCost,
  "list-scale": listScale,
  throughput,
  "token-cost": tokenCost,
  "create-latency": createLatency,
  events,
  "claude-startup": claudeStartup,
  "slow-subscribers": slowSubscribers,
  "running-reads": runningReads,
  "schedule-delay": scheduleDelay,
  steer: steerLatency,
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}\n`);
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const started = performance.now();
const header = `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.versions.node}, ${os.platform()} ${os.release()}; ${new Date().toISOString()}`;
process.stdout.write(`${header}\n`);
const sections = [];
const missed = [];
for (const [name, bench] of Object.entries(BENCHMARKS)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const t0 = performance.now();
  try {
    const result = await bench();
    const notes = result.notes?.length ? `\n${result.notes.map((n) => `- ${n}`).join("\n")}\n` : "";
    const text = `## ${result.title}\n\n${table(result.header, result.rows)}\n${notes}`;
    process.stdout.write(`\n${text}`);
    sections.push(text);
    for (const row of result.rows)
      for (const cell of row) if (typeof cell === "object" && cell && !cell.ok) missed.push(`${name}: ${row[0]} ${cell.text}`);
  } catch (err) {
    // A benchmark that cannot finish is a failure too (a lost task, a crash), not a skip.
    const text = `## ${name}\n\nFAILED: ${err.message}\n`;
    process.stdout.write(`\n${text}`);
    sections.push(text);
    missed.push(`${name}: ${err.message}`);
  }
  process.stderr.write(`bench: ${name} took ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
const summary = missed.length
  ? `${missed.length} target(s) missed:\n${missed.map((m) => `- ${m}`).join("\n")}`
  : "Every target met.";
process.stdout.write(`\n${summary}\n`);

if (!only.length) {
  const doc = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (tools/bench). Every figure was measured in one run, side by side with its reference, on:",
    "",
    header,
    "",
    `Total time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    "",
    ...sections,
    summary,
    "",
  ].join("\n");
  writeFileSync(path.join(root, "BENCHMARKS.md"), doc);
  process.stderr.write("bench: wrote BENCHMARKS.md\n");
}
process.exit(missed.length ? 1 : 0);
