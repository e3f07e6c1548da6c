#!/usr/bin/env node
/**
 * `prepack` / `postpack` of the published packages (sdk, cli): npm does not understand pnpm's
 * `catalog:` and `workspace:` ranges and would copy them into the tarball, which no plain
 * `npm install` can then install. `prepack` rewrites package.json with the real versions (the
 * original is kept beside it); `postpack` puts the original back. pnpm pack does the same
 * rewrite itself, so both ways of packing give the same manifest. `prepack` first checks that
 * every file the manifest points at (`exports`, `main`, `types`, `bin`) exists, and fails naming
 * the missing ones: packed before `pnpm build`, the tarball would install and then fail on import.
 * Two packs of one folder at once (publint's, attw's and the SDK's own tests do pack the same
 * folder) would restore each other's package.json mid-pack: `prepack` takes a lock file that
 * `postpack` releases, and a second pack waits for it.
 *
 *   node ../../scripts/pack-manifest.mjs prepack|postpack   (run from the package's folder)
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = path.resolve("package.json");
const original = path.resolve("package.json.workspace");
const lock = path.resolve("package.json.pack-lock");
/** A lock older than this was left by a pack that died; a real pack takes seconds. */
const STALE_LOCK_MS = 2 * 60_000;
const FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];

/** The `catalog:` block of pnpm-workspace.yaml: `  name: version` lines, names maybe quoted. */
function readCatalog() {
  const catalog = {};
  let inside = false;
  for (const line of readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8").split("\n")) {
    if (/^\S/.test(line)) inside = line.trim() === "catalog:";
    const entry = inside && /^\s+("?)([^":\s][^":]*)\1:\s*(\S+)\s*$/.exec(line);
    if (entry) catalog[entry[2]] = entry[3].replace(/^"|"$/g, "");
  }
  return catalog;
}

/** Versions of the workspace's own packages, by name. */
function readWorkspaceVersions() {
  const versions = {};
  for (const dir of ["packages/sdk", "packages/cli", "packages/server", "tools/testkit"]) {
    const file = path.join(root, dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    versions[pkg.name] = pkg.version;
  }
  return versions;
}

function resolveRange(name, range, catalog, workspace) {
  if (range === "catalog:" || range === "catalog:default") {
    if (!catalog[name]) throw new Error(`${name}: "catalog:" but pnpm-workspace.yaml's catalog has no ${name}`);
    return catalog[name];
  }
  // Named catalogs (pnpm-workspace.yaml's `catalogs:`) hold build tools only, which no
  // shipped dependency names: refuse rather than ship a range no plain npm can read.
  if (range.startsWith("catalog:")) throw new Error(`${name}: "${range}" is a named catalog, which a shipped package cannot use`);
  if (range.startsWith("workspace:")) {
    const version = workspace[name];
    if (!version) throw new Error(`${name}: "${range}" but no workspace package has that name`);
    const spec = range.slice("workspace:".length);
    return spec === "*" || spec === "" ? version : spec === "^" || spec === "~" ? `${spec}${version}` : spec;
  }
  return range;
}

/** Every file path the manifest promises to consumers (wildcard patterns left out). */
function promisedFiles(pkg) {
  const files = [];
  const walk = (target) => {
    if (typeof target === "string") {
      if (!target.includes("*")) files.push(target);
    } else if (target && typeof target === "object") for (const value of Object.values(target)) walk(value);
  };
  walk(pkg.exports);
  walk(pkg.main);
  walk(pkg.types);
  walk(pkg.bin);
  return [...new Set(files)];
}

/** Takes the folder's pack lock, waiting while another pack holds it (a stale one is taken over). */
function takeLock() {
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, `${process.ppid}\n`, { flag: "wx" });
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > STALE_LOCK_MS) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!told) {
      process.stderr.write(`waiting for another pack of ${path.basename(process.cwd())} (${lock})\n`);
      told = true;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

const step = process.argv[2];
if (step === "prepack") {
  const source = JSON.parse(readFileSync(existsSync(original) ? original : manifest, "utf8"));
  const missing = promisedFiles(source).filter((file) => !existsSync(path.resolve(file)));
  if (missing.length > 0) {
    process.stderr.write(
      `${source.name}: not packed: package.json points at files that do not exist (${missing.join(", ")}); run \`pnpm build\` first\n`,
    );
    process.exit(1);
  }
  takeLock();
  // A leftover original means an earlier pack died half-way: keep that one, it is the true source.
  const madeHere = !existsSync(original);
  try {
    if (madeHere) writeFileSync(original, readFileSync(manifest));
    const pkg = JSON.parse(readFileSync(original, "utf8"));
    const catalog = readCatalog();
    const workspace = readWorkspaceVersions();
    for (const field of FIELDS) {
      // Dev dependencies never reach a consumer; dropping them keeps workspace-only names out.
      if (field === "devDependencies") {
        delete pkg[field];
        continue;
      }
      for (const [name, range] of Object.entries(pkg[field] ?? {}))
        pkg[field][name] = resolveRange(name, range, catalog, workspace);
    }
    writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  } catch (err) {
    // npm runs no postpack after a failed prepack, and package.json is still the original:
    // drop the copy made here (else the next pack would take it as the true source) and the lock.
    if (madeHere) rmSync(original, { force: true });
    rmSync(lock, { force: true });
    throw err;
  }
} else if (step === "postpack") {
  if (existsSync(original)) renameSync(original, manifest);
  rmSync(lock, { force: true });
} else {
  process.stderr.write("usage: pack-manifest.mjs prepack|postpack\n");
  process.exit(2);
}
