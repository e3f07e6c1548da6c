import { describe, expect, it } from "vitest";
import { parseDuration, parsePositiveInt, parseStatus, parseTaskId } from "../src/flags.js";
import { runInProcess } from "./support/run-in-process.js";

describe("flag values", () => {
  it("durations default to seconds", () => {
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    for (const bad of ["", "0", "-1", "5 m", "soon"]) expect(() => parseDuration(bad)).toThrow();
  });

  it("counts, statuses and ids", () => {
    expect(parsePositiveInt("20")).toBe(20);
    for (const bad of ["0", "-3", "1.5", "x", "100001"]) expect(() => parsePositiveInt(bad)).toThrow();
    expect(parseStatus("killed")).toBe("killed");
    expect(() => parseStatus("done")).toThrow(/running, completed, error, killed/);
    expect(parseTaskId("1707000000-a1b2c3d4")).toBe("1707000000-a1b2c3d4");
    expect(() => parseTaskId("1707000000-XYZ")).toThrow();
  });
});

describe("bad command lines exit 2 with a message on stderr and nothing on stdout", () => {
  const cases = [
    ["frobnicate"],
    ["list", "--bogus"],
    ["list", "--limit", "lots"],
    ["list", "--status", "done"],
    ["show"],
    ["show", "not-an-id"],
    ["logs", "--tail", "0", "1707000000-a1b2c3d4"],
    ["wait", "--timeout", "soon", "1707000000-a1b2c3d4"],
    ["run", "--wait", "--follow", "hi"],
    ["run", "--timeout", "5s", "hi"],
    ["run", "   "],
    ["completion", "fish"],
  ];
  for (const argv of cases) {
    it(argv.join(" "), async () => {
      const result = await runInProcess(argv, { env: { CLAUDE_TASKS_URL: "http://127.0.0.1:9" } });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/error/);
    });
  }

  it("--help and --version exit 0 on stdout", async () => {
    const help = await runInProcess(["logs", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("--raw");
    const version = await runInProcess(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
