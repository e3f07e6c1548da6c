#!/usr/bin/env node
/** `npm run bench`: runs every benchmark and prints its table. */
import os from "node:os";
import { readCost } from "./read-cost.mjs";
import { table } from "./stats.mjs";

const header = `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.versions.node}, ${new Date().toISOString()}`;
process.stdout.write(`${header}\n\n## Read cost: 1 KB log vs 1 GB log (real server, interleaved)\n\n`);
const rows = await readCost();
process.stdout.write(
  `${table(["request", "median 1 KB", "median 1 GB", "p99 1 KB", "p99 1 GB", "ratio 1 GB / 1 KB", "target"], rows)}\n`,
);
