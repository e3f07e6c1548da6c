// HttpMetrics keeps prom-client children per series for speed; the
// exposition Prometheus scrapes must stay exactly what prom-client's own would have been.
import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { HttpMetrics } from "../../src/metrics/http-metrics.js";

const BOUNDS = [0.001, 0.01, 0.1, 1];

const observations: [string, string, string, number][] = [
  ["GET", "/api/claude/tasks/:task_id", "200", 0.0004],
  ["GET", "/api/claude/tasks/:task_id", "200", 0.001], // on a bound: counted in that bucket
  ["GET", "/api/claude/tasks/:task_id", "200", 0.37],
  ["GET", "/api/claude/tasks/:task_id", "404", 0.002],
  ["POST", "/api/claude/tasks", "201", 5], // above every bound: only in +Inf
  ["GET", "unmatched", "404", 0.00001],
  ["GET", 'odd "route"\\', "200", 0.02], // label values that need escaping
];

function promClientExposition(): Promise<string> {
  const registry = new Registry();
  const labelNames = ["method", "route", "status"] as const;
  const counter = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by route and status",
    labelNames,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by route and status",
    labelNames,
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations) {
    counter.inc({ method, route, status });
    histogram.observe({ method, route, status }, seconds);
  }
  return registry.metrics();
}

describe("HttpMetrics", () => {
  it("exposes exactly what prom-client's Counter and Histogram would", async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry, BOUNDS);
    for (const o of observations) metrics.observe(...o);
    const ours = await registry.metrics();
    expect(ours).toBe(await promClientExposition());
    expect(ours).toContain('http_requests_total{method="GET",route="/api/claude/tasks/:task_id",status="200"} 3');
    expect(ours).toContain(
      'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/api/claude/tasks/:task_id",status="200"} 2',
    );
  });

  it("keeps series apart and exposes nothing before the first request", async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry, BOUNDS);
    expect(await registry.metrics()).not.toMatch(/^http_requests_total\{/m);
    metrics.observe("GET", "/healthz", "200", 0.5);
    metrics.observe("GET", "/healthz", "200", 0.5);
    const text = await registry.metrics();
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('http_request_duration_seconds_sum{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.1",method="GET",route="/healthz",status="200"} 0');
    expect(text).toContain('http_request_duration_seconds_bucket{le="1",method="GET",route="/healthz",status="200"} 2');
  });

  it("counts the same however often and however concurrently it is scraped", async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry, BOUNDS);
    for (const o of observations) metrics.observe(...o);
    const first = await registry.metrics();
    const [a, b] = await Promise.all([registry.metrics(), registry.metrics()]);
    expect([a, b]).toEqual([first, first]);
    metrics.observe("GET", "/api/claude/tasks/:task_id", "200", 0.0004);
    expect(await registry.metrics()).toContain(
      'http_requests_total{method="GET",route="/api/claude/tasks/:task_id",status="200"} 4',
    );
  });
});
