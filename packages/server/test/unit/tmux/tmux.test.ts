/** The tmux client against a real tmux server on a private socket. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Tmux } from "../../../src/tmux/tmux.js";

const root = mkdtempSync(path.join(tmpdir(), "tmux-client-"));
const tmux = new Tmux({ bin: "tmux", socket: path.join(root, "tmux.sock"), env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
afterAll(async () => {
  for (const name of await tmux.listSessions()) await tmux.killSession(name);
  rmSync(root, { recursive: true, force: true });
});

/** The command line of the process in the session's pane. */
const paneCommand = async (name: string) => {
  const pid = await tmux.panePid(name);
  return pid === undefined ? undefined : readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1];
};

describe("newSession", () => {
  it("refuses a name that is taken, unless asked to replace the session", async () => {
    await tmux.newSession("run", root, ["sleep", "101"]);
    expect(await paneCommand("run")).toBe("101");
    await expect(tmux.newSession("run", root, ["sleep", "102"])).rejects.toThrow(/duplicate session/);
    expect(await paneCommand("run")).toBe("101");

    await tmux.newSession("run", root, ["sleep", "103"], { replace: true });
    expect(await paneCommand("run")).toBe("103");
    expect([...(await tmux.listSessions())]).toEqual(["run"]);
  });

  it("with replace and a free name, simply starts the session", async () => {
    await tmux.newSession("fresh", root, ["sleep", "104"], { replace: true });
    expect(await paneCommand("fresh")).toBe("104");
  });
});
