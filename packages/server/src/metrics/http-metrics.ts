/**
 * HTTP request count and latency by method, route and status: prom-client's own Counter and
 * Histogram. The labelled children are kept per series, so a request costs a Map lookup and
 * the child's observation, not a label object per request.
 */
import { Counter, Histogram, type Registry } from "prom-client";

const LABEL_NAMES = ["method", "route", "status"] as const;

interface Series {
  count: Counter.Internal;
  latency: Histogram.Internal<(typeof LABEL_NAMES)[number]>;
}

export class HttpMetrics {
  private readonly requests: Counter<(typeof LABEL_NAMES)[number]>;
  private readonly latency: Histogram<(typeof LABEL_NAMES)[number]>;
  /** Children by method, then route, then status: no key string is built per request. */
  private readonly series = new Map<string, Map<string, Map<string, Series>>>();

  constructor(registry: Registry, bounds: readonly number[]) {
    this.requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route and status",
      labelNames: LABEL_NAMES,
      registers: [registry],
    });
    this.latency = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency by route and status",
      labelNames: LABEL_NAMES,
      buckets: [...bounds],
      registers: [registry],
    });
  }

  observe(method: string, route: string, status: string, seconds: number): void {
    const series = this.seriesOf(method, route, status);
    series.count.inc();
    series.latency.observe(seconds);
  }

  private seriesOf(method: string, route: string, status: string): Series {
    const byStatus = inner(inner(this.series, method), route);
    let series = byStatus.get(status);
    if (!series) {
      const labels = { method, route, status };
      series = { count: this.requests.labels(labels), latency: this.latency.labels(labels) };
      byStatus.set(status, series);
    }
    return series;
  }
}

/** The map under `key`, made on first use. */
function inner<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let found = map.get(key);
  if (!found) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}
