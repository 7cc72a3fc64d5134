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
/** Bun passes any token as a method; handles are kept for this many per route. */
const MAX_METHODS = 16;

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

/** One counter series: hot paths keep it and add to `value` with no label work per event. */
export interface CounterSeries {
  value: number;
}

export class Counter {
  private readonly series = new Map<string, { text: string; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /**
   * The series for `labels`, created at zero on first use. Past MAX_SERIES a detached series is
   * returned: its counts are dropped, as they would be for any new label set.
   */
  seriesFor(labels: Labels = {}): CounterSeries {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { text: labelText(labels), value: 0 };
      if (this.series.size < MAX_SERIES) this.series.set(key, s);
    }
    return s;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.seriesFor(labels).value += by;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const s of this.series.values()) lines.push(`${this.name}${s.text} ${s.value}`);
    return lines.join('\n');
  }
}

/** One histogram series (see Counter.seriesFor for why handles). */
export class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    // Counted in the first bucket that holds the value; rendering sums them into Prometheus's
    // cumulative buckets (one increment per observation instead of one per bucket).
    const { buckets, counts } = this;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= (buckets[i] as number)) {
        (counts[i] as number)++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

export class Histogram {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  seriesFor(labels: Labels): HistogramSeries {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = new HistogramSeries(labels, this.buckets);
      if (this.series.size < MAX_SERIES) this.series.set(key, s);
    }
    return s;
  }

  observe(labels: Labels, value: number): void {
    this.seriesFor(labels).observe(value);
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

/** The request series of one route and method, resolved once so a request costs no label work. */
export class RouteSeries {
  readonly seconds: HistogramSeries;
  private readonly byStatus = new Map<number, CounterSeries>();
  constructor(
    private readonly requests: Counter,
    durations: Histogram,
    readonly route: string,
    private readonly method: string,
  ) {
    this.seconds = durations.seriesFor({ route });
  }

  /** Counts one request answered with `status`. */
  count(status: number): void {
    let s = this.byStatus.get(status);
    if (s === undefined) {
      s = this.requests.seriesFor({ route: this.route, method: this.method, status: String(status) });
      this.byStatus.set(status, s);
    }
    s.value++;
  }
}

/** The scan series of one direction (see RouteSeries). */
export class DirectionSeries {
  readonly seconds: HistogramSeries;
  private readonly byDecision = new Map<string, CounterSeries>();
  constructor(
    private readonly decisions: Counter,
    durations: Histogram,
    private readonly direction: string,
  ) {
    this.seconds = durations.seriesFor({ direction });
  }

  /** Counts one scan that ended in `decision`. */
  decided(decision: string): void {
    let s = this.byDecision.get(decision);
    if (s === undefined) {
      s = this.decisions.seriesFor({ direction: this.direction, decision });
      this.byDecision.set(decision, s);
    }
    s.value++;
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
  private readonly routes = new Map<string, Map<string, RouteSeries>>();
  private readonly directions = new Map<string, DirectionSeries>();

  /** Handles for `route` (a route pattern or 'unmatched') and `method`; bounded like the series. */
  routeSeries(route: string, method: string): RouteSeries {
    let byMethod = this.routes.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      if (this.routes.size < MAX_SERIES) this.routes.set(route, byMethod);
    }
    let s = byMethod.get(method);
    if (s === undefined) {
      s = new RouteSeries(this.requests, this.requestSeconds, route, method);
      if (byMethod.size < MAX_METHODS) byMethod.set(method, s);
    }
    return s;
  }

  /** Handles for scans in `direction`. */
  directionSeries(direction: string): DirectionSeries {
    let s = this.directions.get(direction);
    if (s === undefined) {
      s = new DirectionSeries(this.decisions, this.scanSeconds, direction);
      this.directions.set(direction, s);
    }
    return s;
  }

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
