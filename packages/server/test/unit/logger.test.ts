import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/util/logger.js";

const capture = (level: Parameters<typeof createLogger>[0]) => {
  const lines: string[] = [];
  return { log: createLogger(level, (line) => lines.push(line)), lines };
};

describe("createLogger", () => {
  it("writes one JSON object per line with time, level, message and the fields", () => {
    const { log, lines } = capture("info");
    log.info("request", { method: "GET", status: "200", quote: 'a"b\nc' });
    log.error("bare");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
    const first = JSON.parse(lines[0] as string);
    expect(first).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "request",
      method: "GET",
      status: "200",
      quote: 'a"b\nc',
    });
    expect(Date.now() - Date.parse(first.time)).toBeLessThan(5_000);
    expect(JSON.parse(lines[1] as string)).toEqual({ time: expect.any(String), level: "error", msg: "bare" });
  });

  it("drops lines below its level and says so through enabled()", () => {
    const { log, lines } = capture("warn");
    log.debug("d");
    log.info("i", { x: 1 });
    log.warn("w");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["w"]);
    expect([log.enabled("debug"), log.enabled("info"), log.enabled("warn"), log.enabled("error")]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(capture("silent").log.enabled("error")).toBe(false);
  });

  it("writes prepared members as they are, under the same level rules", () => {
    const { log, lines } = capture("info");
    log.prepared("info", "request", '"method":"GET","status":"200","duration_ms":0.4');
    log.prepared("info", "empty", "");
    log.prepared("debug", "dropped", '"x":1');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: expect.any(String), level: "info", msg: "request", method: "GET", status: "200", duration_ms: 0.4 },
      { time: expect.any(String), level: "info", msg: "empty" },
    ]);
  });

  it("asks for warnings and errors to be written at once, info lines may wait for a batch", () => {
    const urgent: boolean[] = [];
    const log = createLogger("debug", (_line, now) => urgent.push(now));
    log.debug("d");
    log.info("i");
    log.prepared("info", "p", "");
    log.warn("w");
    log.error("e");
    expect(urgent).toEqual([false, false, false, true, true]);
  });

  it("loses no line when stderr is a pipe whose reader falls behind", async () => {
    // The built logger in a real process, writing 2 MB of lines into a pipe nobody reads for a
    // second (a pipe holds 64 KiB): every line must arrive, whole.
    const logger = new URL("../../dist/util/logger.js", import.meta.url).href;
    const script = `import { createLogger } from ${JSON.stringify(logger)};
      void process.stderr; // makes the pipe non-blocking, as any use of process.stderr does
      const log = createLogger("info");
      for (let i = 0; i < 20000; i++) log.info("request", { i, pad: "x".repeat(80) });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    const closed = new Promise((resolve) => child.on("close", resolve));
    child.stderr.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let text = "";
    child.stderr.on("data", (d: Buffer) => {
      text += d.toString();
    });
    child.stderr.resume();
    expect(await closed).toBe(0);
    const lines = text.split("\n").slice(0, -1);
    expect(lines).toHaveLength(20000);
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 20000 }, (_, i) => i));
  }, 30_000);
});
