import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  collectDir,
  collectLabel,
  parseBudget,
  parseCallbackUrl,
  parseDuration,
  parseEffort,
  parseIdempotencyKey,
  parseMaxTurns,
  parseModel,
  parsePermissionMode,
  parsePositiveInt,
  parseStatus,
  parseTaskId,
  parseTaskTimeout,
  parseToolList,
} from "../src/flags.js";
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

  it("per-task options", () => {
    expect(parseToolList("Read, Bash(git log:*) ,Edit")).toEqual(["Read", "Bash(git log:*)", "Edit"]);
    expect(parseTaskTimeout("90")).toBe(90);
    expect(parseTaskTimeout("30m")).toBe(1800);
    expect(parseTaskTimeout("168h")).toBe(604_800);
    expect(() => parseTaskTimeout("500ms")).toThrow(/whole seconds/);
    expect(parseMaxTurns("1000")).toBe(1000);
    expect(() => parseMaxTurns("")).toThrow();
    expect(parsePermissionMode("plan")).toBe("plan");
    expect(parseModel("claude-sonnet-4-5[1m]")).toBe("claude-sonnet-4-5[1m]");
    expect(collectLabel("b=2=3", collectLabel("a=1", undefined))).toEqual({ a: "1", b: "2=3" });
    expect(collectLabel("empty=", undefined)).toEqual({ empty: "" });
    expect(parseIdempotencyKey("deploy-abc123")).toBe("deploy-abc123");
    expect(parseCallbackUrl("https://ci.example.com/hook?x=1")).toBe("https://ci.example.com/hook?x=1");
  });

  it("budgets, effort and extra directories", () => {
    expect(parseBudget("2")).toBe(2);
    expect(parseBudget("$0.50")).toBe(0.5);
    for (const bad of ["", "0", "-1", "lots", "1e9"]) expect(() => parseBudget(bad), bad).toThrow(/US dollars/);
    expect(parseEffort("xhigh")).toBe("xhigh");
    expect(() => parseEffort("extreme")).toThrow(/low, medium, high, xhigh, max/);
    expect(parsePermissionMode("dontAsk")).toBe("dontAsk");
    // Taken from the current directory, like --workdir.
    expect(collectDir("/srv/shared", collectDir("lib", undefined))).toEqual([path.resolve("lib"), "/srv/shared"]);
    expect(() => collectDir(" ", undefined)).toThrow();
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
    ["completion", "powershell"],
    ["run", "--model", "bad model!", "hi"],
    ["run", "--permission-mode", "yolo", "hi"],
    ["run", "--allowed-tools", ",", "hi"],
    ["run", "--disallowed-tools", "1bad", "hi"],
    ["run", "--max-turns", "0", "hi"],
    ["run", "--max-turns", "1001", "hi"],
    ["run", "--append-system-prompt", " ", "hi"],
    ["run", "--task-timeout", "1.5", "hi"],
    ["run", "--task-timeout", "8d", "hi"],
    ["run", "--label", "novalue", "hi"],
    ["run", "--label", "-bad=x", "hi"],
    ["run", "--idempotency-key", "has space", "hi"],
    ["run", "--callback-url", "ftp://x", "hi"],
    ["run", "--callback-on", "always", "--callback-url", "http://x", "hi"],
    ["run", "--callback-on", "status", "hi"],
    ["send", "--max-turns", "x", "1707000000-a1b2c3d4", "hi"],
    ["send", "--label", "a=b", "1707000000-a1b2c3d4", "hi"],
    ["list", "--all", "--limit", "2"],
    ["list", "--label", "k"],
    ["list", "--label", "k=a,b"],
    ["purge", "nope"],
  ];
  for (const argv of cases) {
    it(argv.join(" "), async () => {
      const result = await runInProcess(argv, { env: { CLAUDE_TASKS_URL: "http://127.0.0.1:9" } });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/error/);
      // One line saying what is wrong (commander adds one more pointing at --help).
      expect(
        result.stderr
          .trim()
          .split("\n")
          .filter((line) => !line.includes("--help")),
      ).toHaveLength(1);
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
