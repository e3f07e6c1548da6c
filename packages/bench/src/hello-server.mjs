#!/usr/bin/env node
/**
 * The reference for HTTP throughput: a bare Hono + @hono/node-server hello-world, the same
 * stack as the API with none of its work. Prints its URL on the first stdout line.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/hello", (c) => c.json({ hello: "world" }));
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
