import { describe, expect, it } from "vitest";
import { DEFAULT_BASE_URL, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions } from "../src/index.js";

describe("option precedence: argument > environment > default", () => {
  const env = { CLAUDE_TASKS_URL: "http://env-host:1/", CLAUDE_API_TOKEN: "env-token" };

  it("uses the argument when given", () => {
    const resolved = resolveOptions({ baseUrl: "https://arg.example.com", token: "arg-token" }, env);
    expect(resolved.baseUrl).toBe("https://arg.example.com");
    expect(resolved.token).toBe("arg-token");
  });

  it("falls back to the environment (trailing slash dropped)", () => {
    const resolved = resolveOptions({}, env);
    expect(resolved.baseUrl).toBe("http://env-host:1");
    expect(resolved.token).toBe("env-token");
  });

  it("treats empty strings as unset and ends at the defaults", () => {
    const resolved = resolveOptions({ baseUrl: "", token: " " }, { CLAUDE_TASKS_URL: "" });
    expect(resolved).toMatchObject({
      baseUrl: DEFAULT_BASE_URL,
      token: undefined,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      retries: DEFAULT_RETRIES,
    });
  });

  it("rejects negative numbers", () => {
    expect(() => resolveOptions({ retries: -1 }, {})).toThrow(RangeError);
    expect(() => resolveOptions({ timeoutMs: Number.NaN }, {})).toThrow(RangeError);
  });

  it("reads process.env when no env is passed", () => {
    process.env.CLAUDE_TASKS_URL = "http://from-process:2";
    try {
      expect(resolveOptions().baseUrl).toBe("http://from-process:2");
    } finally {
      delete process.env.CLAUDE_TASKS_URL;
    }
  });
});
