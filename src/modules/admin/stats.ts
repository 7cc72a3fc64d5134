/**
 * Counters since start for GET /v1/admin/stats: requests and decisions per direction, matches per
 * signature, and scan latency percentiles over the most recent scans (a fixed ring, so memory is
 * bounded however long the server runs).
 */
import type { Direction } from '../../engine/types';

const RING = 8192;

export class ScanStats {
  private readonly requests: Record<Direction, number> = { input: 0, output: 0 };
  private readonly decisions: Record<Direction, Record<string, number>> = { input: {}, output: {} };
  private readonly signatures = new Map<string, number>();
  private readonly latencies = new Float64Array(RING);
  private count = 0;

  /** Records one scan. */
  record(direction: Direction, decision: string, signatureIds: readonly string[], latencyMs: number): void {
    this.requests[direction]++;
    const d = this.decisions[direction];
    d[decision] = (d[decision] ?? 0) + 1;
    for (const id of signatureIds) this.signatures.set(id, (this.signatures.get(id) ?? 0) + 1);
    this.latencies[this.count % RING] = latencyMs;
    this.count++;
  }

  /** A snapshot: totals, top signatures, latency p50/p90/p99 in ms. */
  snapshot(top = 10) {
    const n = Math.min(this.count, RING);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => (n === 0 ? null : (sorted[Math.min(n - 1, Math.floor(q * n))] ?? null));
    return {
      requests: { ...this.requests, total: this.requests.input + this.requests.output },
      decisions: { input: { ...this.decisions.input }, output: { ...this.decisions.output } },
      top_signatures: [...this.signatures]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, top)
        .map(([id, matches]) => ({ id, matches })),
      latency_ms: { p50: at(0.5), p90: at(0.9), p99: at(0.99), window: n },
    };
  }
}
