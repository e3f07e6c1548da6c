import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "../../src/util/logger.js";

const capture = (level: LogLevel) => {
  const lines: string[] = [];
  return { log: createLogger(level, { write: (line: string) => void lines.push(line) }), lines };
};

/** The built logger in a real node process whose stderr is a pipe; `body` uses `log`. */
function loggingProcess(body: string) {
  const logger = new URL("../../dist/util/logger.js", import.meta.url).href;
  const script = `import { createLogger } from ${JSON.stringify(logger)};
    void process.stderr; // makes the pipe non-blocking, as any use of process.stderr does
    const log = createLogger("info");
    ${body}`;
  return spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
}

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

  it("gives children that write their fields first, then each line's own, at the parent's level", () => {
    const { log, lines } = capture("info");
    const child = log.child({ method: "GET", route: "/x" });
    child.info("request", { duration_ms: 1.5 });
    child.debug("hidden");
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0] as string))).toEqual(["level", "time", "method", "route", "duration_ms", "msg"]);
    expect(child.enabled("debug")).toBe(false);
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
    const silent = capture("silent");
    silent.log.error("e");
    expect(silent.log.enabled("error")).toBe(false);
    expect(silent.lines).toEqual([]);
  });

  it("writes warnings (and info lines) while the process goes on, not only at exit", async () => {
    const child = loggingProcess(`log.info("first", { n: 1 }); log.warn("careful"); setInterval(() => {}, 1000);`);
    try {
      let text = "";
      const both = new Promise<void>((resolve) => {
        child.stderr.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.split("\n").length > 2) resolve();
        });
      });
      await both;
      expect(
        text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).msg),
      ).toEqual(["first", "careful"]);
    } finally {
      child.kill();
    }
  });

  it("writes a lone info line within the batch time, and an idle logger writes nothing more", async () => {
    // Counts the destination's writes (sonic-boom calls fs.write); its periodic flush used to
    // write an empty buffer 50 times a second on an idle server.
    const child = loggingProcess(`
      const fs = (await import("node:fs")).default;
      let writes = 0;
      const write = fs.write;
      fs.write = (...args) => (writes++, write(...args));
      log.info("only info");
      setTimeout(() => process.stderr.write("writes=" + writes + "\\n"), 600);
      setInterval(() => {}, 1000);`);
    try {
      let text = "";
      await new Promise<void>((resolve) => {
        child.stderr.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.includes("writes=")) resolve();
        });
      });
      const [line, count] = text.trim().split("\n");
      expect(JSON.parse(line as string).msg).toBe("only info");
      expect(count).toBe("writes=1");
    } finally {
      child.kill();
    }
  });

  it("writes warnings that come while a write is in flight, with no line after them", async () => {
    // sonic-boom ignores a flush asked for during a write; the lines must not wait for the exit.
    const child = loggingProcess(`for (let i = 0; i < 4; i++) log.warn("w" + i); setInterval(() => {}, 1000);`);
    try {
      let text = "";
      await new Promise<void>((resolve) => {
        child.stderr.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.split("\n").length > 4) resolve();
        });
      });
      expect(
        text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).msg),
      ).toEqual(["w0", "w1", "w2", "w3"]);
    } finally {
      child.kill();
    }
  });

  it("loses no line when stderr is a pipe whose reader falls behind", async () => {
    // 2 MB of lines into a pipe nobody reads for a second (a pipe holds 64 KiB): every line
    // must arrive, whole and in order, and the process must still end by itself.
    const child = loggingProcess(`for (let i = 0; i < 20000; i++) log.info("request", { i, pad: "x".repeat(80) });`);
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
