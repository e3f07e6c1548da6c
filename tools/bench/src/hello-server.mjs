#!/usr/bin/env node
/**
 * The reference for HTTP throughput: a bare Hono + @hono/node-server server, the same stack as
 * the API with none of its work. `node hello-server.mjs FILE...` serves /hello (a tiny JSON
 * reply) and /same/0, /same/1, ...: each FILE's bytes as application/json, for comparing the
 * API with a server answering the very same bytes. Prints its URL on the first stdout line.
 */
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const bodies = process.argv.slice(2).map((file) => readFileSync(file, "utf8"));

const app = new Hono();
app.get("/hello", (c) => c.json({ hello: "world" }));
bodies.forEach((body, i) => {
  app.get(`/same/${i}`, (c) => c.body(body, 200, { "content-type": "application/json" }));
});
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
