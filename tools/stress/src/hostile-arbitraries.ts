/**
 * fast-check generators for hostile HTTP requests: every route (and some that do not
 * exist), wrong methods, random and nasty path segments, query strings, headers and bodies:
 * random JSON, wrong types, huge and deeply nested documents, odd unicode, invalid UTF-8.
 */
import fc from "fast-check";

export interface FuzzTarget {
  /** A finished task that requests may name. */
  taskId: string;
  token: string;
}

const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "nul\u0000inside",
  "\ud800",
  "\udfff\ud800",
  "\ufeffbom",
  "\u202eevil\u202c",
  "e\u0301\u0301\u0301",
  "𝕳𝖊𝖑𝖑𝖔",
  "👩‍👩‍👧‍👦",
  "$(touch /tmp/pwned)",
  "`id`",
  "'; DROP TABLE tasks; --",
  "../../../../etc/passwd",
  "%00",
  "\r\nX-Injected: 1",
  "a".repeat(10_000),
];

export const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_STRINGS) },
);

/** Any JSON value, often shaped like one of our request bodies with the wrong types. */
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      prompt: fc.oneof(fc.constant(""), fc.constant("   "), fc.integer(), fc.constant(null), fc.array(oddString), fc.jsonValue()),
      workdir: fc.oneof(oddString, fc.integer(), fc.constant("/etc"), fc.constant("..")),
      model: fc.oneof(oddString, fc.integer()),
      permission_mode: fc.oneof(oddString, fc.constantFrom("bypassPermissions", "root", "")),
      allowed_tools: fc.oneof(fc.array(oddString), oddString),
      max_turns: fc.oneof(fc.integer(), fc.double(), oddString),
      timeout_seconds: fc.oneof(fc.integer(), fc.double(), fc.constant(-1), fc.constant(1e308)),
      labels: fc.oneof(fc.dictionary(oddString, fc.jsonValue({ maxDepth: 2 })), fc.array(oddString)),
      callback: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("http://169.254.169.254/", "file:///etc/passwd")),
    },
    { requiredKeys: [] },
  ),
);

/** Bodies that are valid or nearly so, so that handlers (not only validation) get exercised. */
const nearlyValid = fc.record(
  {
    prompt: fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }),
    workdir: fc.constantFrom(".", "./", "", "/", "..", "sub/../.", "/etc"),
    max_turns: fc.integer({ min: -2, max: 1002 }),
    timeout_seconds: fc.integer({ min: -1, max: 700_000 }),
    permission_mode: fc.constantFrom("default", "acceptEdits", "plan", "bypassPermissions", "yolo"),
    model: fc.constantFrom("sonnet", "claude-opus-4", "-rf", "a b", "x".repeat(101)),
    allowed_tools: fc.array(fc.constantFrom("Read", "Bash(git:*)", "Bad,Comma", "*", "\u0007"), { maxLength: 3 }),
    labels: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,70}$/), fc.string({ maxLength: 300 }), {
      maxKeys: 40,
    }),
  },
  { requiredKeys: ["prompt"] },
);

/** Request bodies as bytes: mostly JSON text, sometimes huge, deeply nested or not UTF-8 at all. */
export const body = fc.oneof(
  { weight: 4, arbitrary: jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? "null")) },
  { weight: 3, arbitrary: nearlyValid.map((v) => Buffer.from(JSON.stringify(v))) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => Buffer.from(`${"[".repeat(n)}${"]".repeat(n)}`)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1000, max: 50_000 })
      .map((n) => Buffer.from(`{"prompt":"x","labels":${'{"a":'.repeat(n)}1${"}".repeat(n)}}`)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1_100_000, 3_000_000).map((n) => Buffer.from(JSON.stringify({ prompt: "x".repeat(n) }))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        "",
        "{",
        "nul",
        '{"prompt":"\\ud800"}',
        '{"prompt":"a"}garbage',
        '{"__proto__":{"polluted":true},"prompt":1}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"prompt":"a","prompt":2}',
      )
      .map((s) => Buffer.from(s)),
  },
);

/** A path segment as it goes on the wire (the server must never see a raw space or control byte). */
const segment = (t: FuzzTarget) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(t.taskId) },
    { weight: 2, arbitrary: fc.constantFrom("1700000000-deadbeef", "0-00000000", "999999999999-ffffffff") },
    { weight: 3, arbitrary: oddString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "?"))) },
    { weight: 1, arbitrary: fc.constantFrom("..", "%2e%2e", "%2F", "%00", ".", "%", "%zz", "~", "a".repeat(5000)) },
  );

const QUERY_KEYS = ["tail", "wait", "after", "label", "limit", "cursor", "status", "offset", "page", "tail[]"];
const queryValue = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1.5",
    "1e3",
    "NaN",
    "Infinity",
    "99999999999999999999",
    "0x10",
    "a:b",
    "a:b,c",
    ":",
    ",",
    "running",
  ),
  oddString,
);
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), oddString), queryValue), { maxLength: 4 })
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : `?${pairs
          .map(
            ([k, v]) =>
              `${encodeURIComponent(k.replace(/[\ud800-\udfff]/g, "?"))}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, "?"))}`,
          )
          .join("&")}`,
  );

/** The API's own operations; `{id}` is filled with a hostile or real segment. */
const OPERATIONS: Array<[string, string]> = [
  ["POST", "/api/claude/tasks"],
  ["GET", "/api/claude/tasks"],
  ["GET", "/api/claude/tasks/{id}"],
  ["DELETE", "/api/claude/tasks/{id}"],
  ["GET", "/api/claude/tasks/{id}/output"],
  ["POST", "/api/claude/tasks/{id}/message"],
  ["GET", "/api/claude/tasks/{id}/events"],
  ["GET", "/oauth/api/claude/auth/token"],
  ["GET", "/healthz"],
  ["GET", "/readyz"],
  ["GET", "/metrics"],
];

/**
 * Method and path: mostly a real operation (under either door), sometimes anything.
 * POST /oauth/api/claude/auth/token/regenerate is left out on purpose: a fuzzer that rotates
 * the token would only test that later requests get 401.
 */
const target = (t: FuzzTarget) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(...OPERATIONS), segment(t), fc.constantFrom("", "", "", "/oauth"))
        .map(([[method, path], id, door]) => ({
          method,
          path: path.startsWith("/api/claude/tasks") ? `${door}${path.replace("{id}", id)}` : path.replace("{id}", id),
        })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"),
        path: fc.oneof(
          fc.constantFrom(
            "/",
            "/api",
            "/api/claude",
            "//api/claude/tasks",
            "/api/claude/tasks/",
            "/api/claude/auth/token/regenerate",
          ),
          fc.array(segment(t), { maxLength: 5 }).map((parts) => `/${parts.join("/")}`),
          segment(t).map((s) => `/api/claude/tasks/${s}/${s}`),
        ),
      }),
    },
  );

const NAMES = ["content-type", "accept", "x-auth-request-user", "x-auth-request-email", "last-event-id", "idempotency-key"];
const headerName = fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/));
// Header values as Node sends them: printable latin-1, no CR or LF.
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "Bearer",
    "Bearer  x",
    "*/*",
    "text/event-stream",
    "99999999999999999999",
    "-1",
  ),
);
const FORBIDDEN = new Set([
  "content-length",
  "transfer-encoding",
  "host",
  "connection",
  "expect",
  "upgrade",
  "te",
  "trailer",
  "keep-alive",
]);

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A whole hostile request; usually authenticated, so it reaches the handlers and not only the auth check. */
export const fuzzRequest = (t: FuzzTarget): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      target: target(t),
      query,
      auth: fc.constantFrom("bearer", "bearer", "bearer", "bearer", "bearer", "bearer", "bearer", "proxy", "none", "wrong"),
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
      json: fc.constantFrom(true, true, true, false),
      body: fc.option(body, { nil: undefined, freq: 4 }),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      const { method, path } = r.target;
      // "The right credentials" differ per door: the token on /api, the proxy's identity (from
      // the page's own origin, as a browser says) on /oauth.
      if (r.auth === "bearer" && path.startsWith("/oauth")) {
        headers["x-auth-request-user"] = "fuzzer";
        headers["sec-fetch-site"] = "same-origin";
      } else if (r.auth === "bearer") headers.authorization = `Bearer ${t.token}`;
      if (r.auth === "wrong") headers.authorization = "Bearer wrong-token";
      if (r.auth === "proxy") headers["x-auth-request-user"] = "fuzzer";
      if (r.json) headers["content-type"] = "application/json";
      for (const [k, v] of r.headers) if (!FORBIDDEN.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
      const sendsBody = r.body !== undefined && method !== "GET" && method !== "HEAD";
      return { method, path: `${path}${r.query}`, headers, ...(sendsBody && { body: r.body }) };
    });
