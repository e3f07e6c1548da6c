/**
 * Answers whose body is made before the response: JSON kept serialised (a task's detail, the
 * whole task list: serialised once per change, not per request) and text read from a stream (a
 * log may be far larger than memory). Hono's typed helpers only take a value to serialise or a
 * string, so these give the same typed answer for a body already made: `T` is the caller's word
 * that the text is a T, and the response check (http/response-check, on in every test server)
 * holds it to openapi.yaml.
 */
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import { PLAIN_TEXT_HEADERS } from "./plain-text.js";

/** JSON text of a T (or its UTF-8 bytes), answered as is; typed like `c.json(value as T, status)`. */
export function serialisedJson<T, S extends ContentfulStatusCode>(
  c: Context,
  text: string | Uint8Array<ArrayBuffer>,
  status: S,
): Response & TypedResponse<JSONParsed<T>, S, "json"> {
  // The header as a plain object, not c.header(): Hono then builds no Headers instance.
  const res: Response = c.body(text, status, { "content-type": "application/json" });
  return res as Response & TypedResponse<JSONParsed<T>, S, "json">;
}

/** Text from a stream, with the headers of every text/plain answer; typed like `c.text(string, status)`. */
export function streamedText<S extends ContentfulStatusCode>(
  c: Context,
  stream: ReadableStream,
  status: S,
): Response & TypedResponse<string, S, "text"> {
  const res: Response = c.body(stream, status, { "content-type": "text/plain; charset=UTF-8", ...PLAIN_TEXT_HEADERS });
  return res as Response & TypedResponse<string, S, "text">;
}
