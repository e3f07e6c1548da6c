#!/usr/bin/env node
/**
 * Everything `npm start` and `npm test` need on a fresh machine that has only Node 20 and npm:
 * the pinned pnpm (installed under .cache/, not globally), the dependencies, a build, tmux, and
 * (with --test) the programs the test suites drive.
 * Fast when nothing changed: installs are skipped while the lockfile stamp matches, and
 * turbo caches builds. Uses only Node's standard library.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const quiet = process.argv.includes("--quiet");

function fail(message) {
  process.stderr.write(`bootstrap: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: quiet ? "pipe" : ["ignore", "inherit", "inherit"], ...options });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    fail(`${cmd} ${args.join(" ")} failed with status ${result.status}`);
  }
  return result;
}

const step = (msg) => process.stderr.write(`bootstrap: ${msg}\n`);

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 11)) fail(`Node.js 20.11 or newer is required (found ${process.versions.node})`);
}

/**
 * System programs from Debian's packages, installed where we can (root with apt-get), else named
 * in one line. tmux runs every task, so `npm start` needs it; `npm test` also needs the ones its
 * suites drive for real: curl and jq (the seed document's shell example), chromium (the
 * dashboard's browser tests), shellcheck (the start-up script, the action and workflow steps),
 * zsh and fish (the CLI's completion scripts) and wrk (the bench's load client).
 */
const RUNTIME_PROGRAMS = [{ command: "tmux", args: ["-V"], pkg: "tmux" }];
const TEST_PROGRAMS = [
  { command: "curl", args: ["--version"], pkg: "curl" },
  { command: "jq", args: ["--version"], pkg: "jq" },
  { command: "chromium", args: ["--version"], pkg: "chromium" },
  { command: "shellcheck", args: ["--version"], pkg: "shellcheck" },
  { command: "zsh", args: ["--version"], pkg: "zsh" },
  { command: "fish", args: ["--version"], pkg: "fish" },
  { command: "wrk", args: ["--version"], pkg: "wrk" },
];

// wrk prints its version and exits 1; "runnable" means it started at all.
const runnable = ({ command, args }) => !spawnSync(command, args, { stdio: "ignore" }).error;

function ensurePrograms(programs) {
  let missing = programs.filter((p) => !runnable(p));
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0) {
    const pkgs = missing.map((p) => p.pkg);
    step(`installing ${pkgs.join(", ")} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
    spawnSync("apt-get", ["install", "-y", "-qq", ...pkgs], { stdio: "ignore", env });
    missing = missing.filter((p) => !runnable(p));
  }
  if (missing.length === 0) return;
  const pkgs = missing.map((p) => p.pkg).join(" ");
  fail(
    `${pkgs} ${missing.length === 1 ? "is" : "are"} needed and not installed; install ${missing.length === 1 ? "it" : "them"} (for example \`sudo apt-get install ${pkgs}\`) and run this again`,
  );
}

/** The pinned pnpm, from PATH if it is the right version, else installed once under .cache/. */
function ensurePnpm() {
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION) return "pnpm";
  const prefix = path.join(root, ".cache", "pnpm");
  const local = path.join(prefix, "node_modules", ".bin", "pnpm");
  if (!existsSync(local)) {
    step(`installing pnpm ${PNPM_VERSION} into .cache/pnpm`);
    run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${PNPM_VERSION}`]);
  }
  return local;
}

function installStamp() {
  const hash = createHash("sha256");
  hash.update(process.versions.node);
  for (const file of ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json"]) hash.update(readFileSync(path.join(root, file)));
  for (const folder of ["packages", "tools"]) {
    for (const pkg of readdirSync(path.join(root, folder))) {
      const manifest = path.join(root, folder, pkg, "package.json");
      if (existsSync(manifest)) hash.update(readFileSync(manifest));
    }
  }
  return hash.digest("hex");
}

function ensureDependencies(pnpm) {
  const stampFile = path.join(root, "node_modules", ".bootstrap-stamp");
  const stamp = installStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  step("installing dependencies");
  run(pnpm, ["install", "--frozen-lockfile", "--reporter=append-only"], { env: { ...process.env, CI: "true" } });
  writeFileSync(stampFile, stamp);
}

/** turbo and the packages' scripts call `pnpm` by name: the pinned one must be on their PATH. */
function build(pnpm) {
  const pnpmDir = path.dirname(pnpm);
  const PATH = pnpm === "pnpm" ? process.env.PATH : `${pnpmDir}${path.delimiter}${process.env.PATH ?? ""}`;
  run(path.join(root, "node_modules", ".bin", "turbo"), ["run", "build", "--output-logs=errors-only"], {
    env: { ...process.env, PATH, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
}

checkNode();
ensurePrograms(process.argv.includes("--test") ? [...RUNTIME_PROGRAMS, ...TEST_PROGRAMS] : RUNTIME_PROGRAMS);
const pnpm = ensurePnpm();
ensureDependencies(pnpm);
build(pnpm);
