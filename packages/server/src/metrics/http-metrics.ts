/**
 * HTTP request count and latency by method, route and status, in the shape prom-client's
 * Counter and Histogram expose, registered into the same registry.
 *
 * Why not prom-client's own: it validates and hashes the label object on every observation,
 * even through a labelled child, which cost a few percent of each request at tens of thousands
 * of requests per second. Here an observation is a Map lookup per label and a bucket scan; the
 * label objects are built only when Prometheus scrapes.
 */
import type { Metric, Registry } from "prom-client";

type Labels = { method: string; route: string; status: string };

interface Series {
  labels: Labels;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot counts those above every bound. */
  buckets: number[];
}

interface Value {
  labels: Partial<Labels> & { le?: number | string };
  value: number;
  metricName?: string;
}

/**
 * What a prom-client Registry reads from a metric: name and help, and get() for the values.
 * (prom-client's own types for this are not exported and call the type an enum, while the
 * registry writes the string; hence the casts where they are registered.)
 */
interface CustomMetric {
  name: string;
  help: string;
  get(): Promise<{ name: string; help: string; type: "counter" | "histogram"; aggregator: "sum"; values: Value[] }>;
  reset(): void;
}

/** The map under `key`, made on first use. */
function level<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

export class HttpMetrics {
  /** Every series, in the order first seen (the order of the exposition). */
  private series: Series[] = [];
  private index = new Map<string, Map<string, Map<string, Series>>>();

  constructor(
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    const counter: CustomMetric = {
      name: "http_requests_total",
      help: "HTTP requests by route and status",
      get: async () => ({
        name: "http_requests_total",
        help: "HTTP requests by route and status",
        type: "counter",
        aggregator: "sum",
        values: this.series.map((s) => ({ labels: { ...s.labels }, value: s.count })),
      }),
      reset: () => this.reset(),
    };
    const histogram: CustomMetric = {
      name: "http_request_duration_seconds",
      help: "HTTP request latency by route and status",
      get: async () => ({
        name: "http_request_duration_seconds",
        help: "HTTP request latency by route and status",
        type: "histogram",
        aggregator: "sum",
        values: this.series.flatMap((s) => this.histogramValues(s)),
      }),
      reset: () => this.reset(),
    };
    registry.registerMetric(counter as unknown as Metric);
    registry.registerMetric(histogram as unknown as Metric);
  }

  observe(method: string, route: string, status: string, seconds: number): void {
    // Found through one Map per label rather than a key string built per request.
    const byStatus = level(level(this.index, method), route);
    let s = byStatus.get(status);
    if (!s) {
      s = { labels: { method, route, status }, count: 0, sum: 0, buckets: new Array(this.bounds.length + 1).fill(0) };
      byStatus.set(status, s);
      this.series.push(s);
    }
    s.count += 1;
    s.sum += seconds;
    let i = 0;
    while (i < this.bounds.length && seconds > (this.bounds[i] as number)) i++;
    (s.buckets[i] as number)++;
  }

  private reset(): void {
    this.series = [];
    this.index = new Map();
  }

  /** Cumulative buckets, +Inf, sum and count, as prom-client's Histogram lists them. */
  private histogramValues(s: Series): Value[] {
    const name = "http_request_duration_seconds";
    let cumulative = 0;
    const buckets = this.bounds.map((le, i) => {
      cumulative += s.buckets[i] as number;
      return { labels: { le, ...s.labels }, value: cumulative, metricName: `${name}_bucket` };
    });
    return [
      ...buckets,
      { labels: { le: "+Inf", ...s.labels }, value: s.count, metricName: `${name}_bucket` },
      { labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` },
      { labels: { ...s.labels }, value: s.count, metricName: `${name}_count` },
    ];
  }
}
