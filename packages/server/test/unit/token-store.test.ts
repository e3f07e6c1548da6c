import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/auth/token-store.js";
import { silentLogger } from "../../src/util/logger.js";

const dir = mkdtempSync(path.join(tmpdir(), "cta-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("TokenStore", () => {
  it("creates a 48-character url-safe token in a 0600 file and keeps it across instances", async () => {
    const file = path.join(dir, "a", ".api-token");
    const token = await new TokenStore(file, silentLogger).ensure();
    expect(token).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await new TokenStore(file, silentLogger).ensure()).toBe(token);
  });

  it("verifies only the current token", async () => {
    const store = new TokenStore(path.join(dir, "b", ".api-token"), silentLogger);
    const first = await store.ensure();
    expect(store.verify(first)).toBe(true);
    expect(store.verify(`${first}x`)).toBe(false);
    expect(store.verify("")).toBe(false);
    const second = await store.regenerate();
    expect(store.verify(first)).toBe(false);
    expect(store.verify(second)).toBe(true);
    expect(readFileSync(path.join(dir, "b", ".api-token"), "utf8").trim()).toBe(second);
  });

  it("tightens a token file that others could read, and replaces an empty one", async () => {
    const loose = path.join(dir, "loose");
    writeFileSync(loose, "an-existing-token-of-enough-length\n", { mode: 0o644 });
    expect(await new TokenStore(loose, silentLogger).ensure()).toBe("an-existing-token-of-enough-length");
    expect(statSync(loose).mode & 0o777).toBe(0o600);
    const empty = path.join(dir, "empty");
    writeFileSync(empty, "\n");
    expect(await new TokenStore(empty, silentLogger).ensure()).toMatch(/^[A-Za-z0-9_-]{48}$/);
  });
});
