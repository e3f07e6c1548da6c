#!/usr/bin/env node
/**
 * The reference for HTTP throughput: a bare Hono + @hono/node-server hello-world, the same
 * stack as the API with none of its work. `node hello-server.mjs N` also serves /sized, a JSON
 * reply of exactly N bytes, to tell the cost of bytes on the wire from the API's own work.
 * Prints its URL on the first stdout line.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const sizedBytes = Number(process.argv[2] ?? 0);
// {"hello":"xxx…"} is 12 bytes around the padding.
const sized = JSON.stringify({ hello: "x".repeat(Math.max(0, sizedBytes - 12)) });

const app = new Hono();
app.get("/hello", (c) => c.json({ hello: "world" }));
app.get("/sized", (c) => c.body(sized, 200, { "content-type": "application/json" }));
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
