#!/usr/bin/env node
/**
 * CPU time per request of two builds of the server, side by side: for deciding whether a
 * change (a library instead of hand-written code) costs throughput, on a machine too busy for
 * requests per second to mean anything. The server's own CPU time (utime + stime from
 * /proc/<pid>/stat) per GET /tasks/{id} barely depends on how busy the machine is.
 *
 *   node tools/bench/src/cpu-per-request.mjs A/dist/main.js B/dist/main.js [rounds] [requests]
 *
 * Each build runs at LOG_LEVEL=warn (the throughput row's setting) and info; rounds alternate
 * their order. Prints the median microseconds per request and the ratio B / A per level.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@claude-task-api/testkit";
import autocannon from "autocannon";
import { writeTask } from "./read-cost.mjs";

const [entryA, entryB, roundsArg = "6", amountArg = "40000"] = process.argv.slice(2);
if (!entryA || !entryB) {
  process.stderr.write("usage: cpu-per-request.mjs A/dist/main.js B/dist/main.js [rounds] [requests]\n");
  process.exit(2);
}
const ROUNDS = Number(roundsArg);
const AMOUNT = Number(amountArg);
const TASK = "1700000000-0000abce";
const TICK_US = 10_000; // /proc/<pid>/stat counts 10 ms ticks

/** A server from `entry` on a free loopback port, with one finished 1 KiB task. */
async function start(entry, level) {
  const root = mkdtempSync(path.join(tmpdir(), "cta-cpu-"));
  const tasksDir = path.join(root, "tasks");
  writeTask(tasksDir, TASK, 1024);
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
    TASKS_DIR: tasksDir,
    WORKDIR_ROOT: root,
    DEFAULT_WORKDIR: root,
    TMUX_SOCKET: path.join(root, "tmux.sock"),
    CLAUDE_BIN: "/bin/true",
    LOG_LEVEL: level,
  };
  const child = spawn(process.execPath, [entry], {
    env,
    stdio: ["ignore", "pipe", openSync(path.join(root, "server.log"), "a")],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
  const token = readFileSync(path.join(tasksDir, ".api-token"), "utf8").trim();
  return {
    url: `${url}/api/claude/tasks/${TASK}`,
    headers: { authorization: `Bearer ${token}` },
    cpuTicks: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return Number(fields[11]) + Number(fields[12]);
    },
    stop: () => {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const load = (server, amount) =>
  new Promise((resolve, reject) =>
    autocannon({ url: server.url, headers: server.headers, connections: 50, amount }, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const servers = {};
try {
  for (const level of ["warn", "info"]) {
    servers[`A ${level}`] = await start(entryA, level);
    servers[`B ${level}`] = await start(entryB, level);
  }
  const samples = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  for (const server of Object.values(servers)) await load(server, AMOUNT / 4); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const names = Object.keys(servers);
    if (round % 2) names.reverse();
    for (const name of names) {
      const server = servers[name];
      const before = server.cpuTicks();
      const result = await load(server, AMOUNT);
      const ticks = server.cpuTicks() - before;
      if (result.non2xx + result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      samples[name].push((ticks * TICK_US) / AMOUNT);
    }
  }
  for (const [name, values] of Object.entries(samples)) {
    process.stdout.write(
      `${name.padEnd(7)} median ${median(values).toFixed(1)} µs CPU per request (${values.map((v) => v.toFixed(1)).join(" ")})\n`,
    );
  }
  for (const level of ["warn", "info"]) {
    const ratio = median(samples[`B ${level}`]) / median(samples[`A ${level}`]);
    process.stdout.write(
      `LOG_LEVEL=${level}: B / A = ${ratio.toFixed(3)} (B serves about ${((1 / ratio - 1) * 100).toFixed(1)} % more or fewer requests per CPU second)\n`,
    );
  }
} finally {
  for (const server of Object.values(servers)) server.stop();
}
