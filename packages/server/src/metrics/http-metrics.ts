/**
 * HTTP request count and latency by method, route and status: prom-client's own Counter and
 * Histogram. A request costs one Map lookup per label, one increment of a plain number and the
 * histogram child's observation: the labelled children are kept per series, and the counter,
 * which would only repeat the histogram's own count (each prom-client observation hashes its
 * labels again), is filled from those numbers when it is scraped.
 */
import { Counter, Histogram, type Registry } from "prom-client";

const LABEL_NAMES = ["method", "route", "status"] as const;
type Label = (typeof LABEL_NAMES)[number];

interface Series {
  labels: Record<Label, string>;
  /** Requests so far: what http_requests_total says for this series. */
  count: number;
  latency: Histogram.Internal<Label>;
}

export class HttpMetrics {
  private readonly latency: Histogram<Label>;
  /** Children by method, then route, then status: no key string is built per request. */
  private readonly series = new Map<string, Map<string, Map<string, Series>>>();
  /** Every series, in the order first seen (prom-client's exposition order). */
  private readonly all: Series[] = [];

  constructor(registry: Registry, bounds: readonly number[]) {
    const all = this.all;
    // Registered first, as before: the exposition lists it above the histogram.
    new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route and status",
      labelNames: LABEL_NAMES,
      registers: [registry],
      // Synchronous, so two scrapes at once cannot interleave a reset with the other's counts.
      collect() {
        this.reset();
        for (const s of all) this.inc(s.labels, s.count);
      },
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
    series.count++;
    series.latency.observe(seconds);
  }

  private seriesOf(method: string, route: string, status: string): Series {
    const byStatus = inner(inner(this.series, method), route);
    let series = byStatus.get(status);
    if (!series) {
      const labels = { method, route, status };
      series = { labels, count: 0, latency: this.latency.labels(labels) };
      byStatus.set(status, series);
      this.all.push(series);
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
