/** SECRETS_DIR and MCP_SERVERS_FILE are checked at start-up, each problem naming its variable. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretNames } from "../../src/catalogs/secret-catalog.js";
import { ConfigError, loadConfig } from "../../src/config.js";

const base = { HOME: "/home/dev", PATH: "/usr/bin" };
const dir = mkdtempSync(path.join(tmpdir(), "config-catalogs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder laid out as Kubernetes mounts a Secret: the files behind `..data`, linked by name. */
function mountedSecret(name: string, keys: string[]): string {
  const root = path.join(dir, name);
  mkdirSync(path.join(root, "..2026_12_06"), { recursive: true });
  symlinkSync("..2026_12_06", path.join(root, "..data"));
  for (const key of keys) {
    writeFileSync(path.join(root, "..2026_12_06", key), "value");
    symlinkSync(path.join("..data", key), path.join(root, key));
  }
  return root;
}

describe("SECRETS_DIR", () => {
  it("reads the names of a mounted Secret, skipping its internals", () => {
    const secrets = mountedSecret("ok", ["GITHUB_TOKEN", "NPM_TOKEN"]);
    expect(loadConfig({ ...base, SECRETS_DIR: secrets }).secretsDir).toBe(secrets);
    expect([...secretNames(secrets).names].sort()).toEqual(["GITHUB_TOKEN", "NPM_TOKEN"]);
  });

  it("refuses a file whose name cannot be an environment variable, and a missing folder", () => {
    const secrets = mountedSecret("bad", ["tls.crt"]);
    expect(() => loadConfig({ ...base, SECRETS_DIR: secrets })).toThrow(/SECRETS_DIR: "tls.crt" is not a valid secret name/);
    expect(() => loadConfig({ ...base, SECRETS_DIR: path.join(dir, "nope") })).toThrow(/SECRETS_DIR: cannot read .*ENOENT/);
    expect(() => loadConfig({ ...base, SECRETS_DIR: "relative" })).toThrow(ConfigError);
  });

  it("keeps SECRETS_DIR and MCP_SERVERS_FILE out of the runs' environment", () => {
    const file = path.join(dir, "mcp-ok.json");
    writeFileSync(file, JSON.stringify({ mcpServers: { everything: { command: "npx", args: ["x"] } } }));
    const c = loadConfig({ ...base, SECRETS_DIR: mountedSecret("env", []), MCP_SERVERS_FILE: file });
    expect(c.runEnv).toEqual(base);
    expect(c.mcpServersFile).toBe(file);
  });
});

describe("MCP_SERVERS_FILE", () => {
  it.each([
    ["not JSON", "{", /MCP_SERVERS_FILE: .* is not JSON/],
    ["without mcpServers", "{}", /MCP_SERVERS_FILE: .*mcpServers/],
    ["a server that is not an object", '{"mcpServers":{"a":1}}', /MCP_SERVERS_FILE: .*mcpServers\.a/],
    ["a bad server name", '{"mcpServers":{"a b":{}}}', /server name "a b" must be/],
  ])("refuses a catalog %s", (_, text, message) => {
    const file = path.join(dir, `mcp-${Math.random()}.json`);
    writeFileSync(file, text);
    expect(() => loadConfig({ ...base, MCP_SERVERS_FILE: file })).toThrow(message);
  });
});
