/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Enough for our few series without a dependency.
 */

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const keys = Object.keys(labels);
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k] as string)}"`).join(',')}}`;
};
/** Bounds series per metric so hostile label values (e.g. many unmatched paths) cannot grow memory. */
const MAX_SERIES = 2000;

/**
 * A series' map key: the label values joined (a metric always uses the same label names). Series
 * are found by it directly, so a request costs one short concatenation and one lookup per metric;
 * the escaped label text is rendered once, when the series appears.
 */
function seriesKey(labels: Labels): string {
  let key = '';
  for (const k in labels) key += `${labels[k]}\u0001`;
  return key;
}

export class Counter {
  private readonly series = new Map<string, { text: string; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = seriesKey(labels);
    const s = this.series.get(key);
    if (s) s.value += by;
    else if (this.series.size < MAX_SERIES) this.series.set(key, { text: labelText(labels), value: by });
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const s of this.series.values()) lines.push(`${this.name}${s.text} ${s.value}`);
    return lines.join('\n');
  }
}

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_SERIES) return;
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // Counted in the first bucket that holds the value; rendering sums them into Prometheus's
    // cumulative buckets (one increment per observation instead of one per bucket).
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= (this.buckets[i] as number)) {
        (s.counts[i] as number)++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i] as number;
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** A gauge read at scrape time. */
export interface Gauge {
  readonly name: string;
  readonly help: string;
  read(): Promise<{ labels: Labels; value: number }[]>;
}

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Metrics {
  readonly requests = new Counter('iw_http_requests_total', 'HTTP requests by route, method and status.');
  readonly requestSeconds = new Histogram('iw_http_request_duration_seconds', 'HTTP request latency by route.', LATENCY_BUCKETS);
  readonly decisions = new Counter('iw_scan_decisions_total', 'Scan decisions by direction.');
  readonly matches = new Counter('iw_signature_matches_total', 'Signature matches by signature id.');
  readonly scanCache = new Counter('iw_scan_cache_lookups_total', 'Verdict cache lookups by result (hit, miss).');
  readonly scanSeconds = new Histogram('iw_scan_duration_seconds', 'Engine time per scan by direction.', LATENCY_BUCKETS);
  private readonly gauges: Gauge[] = [];

  addGauge(g: Gauge): void {
    this.gauges.push(g);
  }

  /** The exposition text. */
  async render(): Promise<string> {
    const parts = [this.requests, this.requestSeconds, this.decisions, this.matches, this.scanCache, this.scanSeconds].map((m) => m.render());
    for (const g of this.gauges) {
      const values = await g.read();
      parts.push([`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, ...values.map((v) => `${g.name}${labelText(v.labels)} ${v.value}`)].join('\n'));
    }
    return parts.join('\n') + '\n';
  }
}
