/**
 * Recent verdicts, so a text seen again is answered without scanning it again. Chat clients resend
 * the whole conversation on every turn: with `messages`, most of each request is history that was
 * already scanned, and retries and templated prompts repeat whole texts.
 *
 * Safe by construction rather than by tuning:
 * - keys are the exact text (no hash: a collision would let an attack borrow a benign verdict);
 * - an entry is only valid under the very policy and catalog objects it was computed with, and
 *   every reload, policy switch or signature toggle builds new ones, so changes take effect at once;
 * - entries are partitioned by caller (key id), so one caller cannot learn from response times
 *   whether another caller sent a given text;
 * - memory is bounded by a byte budget over the stored keys (least recently used leaves first),
 *   and texts above `maxTextChars` are never stored.
 */
import type { CompiledCatalog } from '../../engine/catalog';
import type { Verdict } from '../../engine';
import type { ResolvedPolicy } from '../../engine/policy';
import type { Direction } from '../../engine/types';

interface Entry {
  readonly partition: string;
  readonly direction: Direction;
  readonly policy: ResolvedPolicy;
  readonly catalog: CompiledCatalog;
  readonly verdict: Verdict;
}

/** A rough cost per entry besides the text: the verdict object and the map slot. */
const ENTRY_OVERHEAD = 512;

export interface VerdictCacheOptions {
  /** Budget for stored texts and verdicts; 0 disables the cache. */
  readonly maxBytes: number;
  /** Longer texts are scanned every time (they are rarely repeated and would crowd out the rest). */
  readonly maxTextChars?: number;
  /** Called on every lookup, for metrics. */
  readonly onLookup?: (hit: boolean) => void;
}

export class VerdictCache {
  /**
   * By text (the request's own string is the key: no copy, no concatenation), then a short list of
   * the callers, directions and policies it was scanned for. The map's order is the recency order.
   */
  private readonly byText = new Map<string, Entry[]>();
  private bytes = 0;
  private readonly maxTextChars: number;

  constructor(private readonly opts: VerdictCacheOptions) {
    this.maxTextChars = opts.maxTextChars ?? 16 * 1024;
  }

  /** The verdict for `text`, computed by `scan` unless a valid one is stored. */
  verdict(partition: string, text: string, direction: Direction, policy: ResolvedPolicy, catalog: CompiledCatalog, scan: () => Verdict): Verdict {
    if (this.opts.maxBytes === 0 || text.length > this.maxTextChars) return scan();
    let entries = this.byText.get(text);
    if (entries !== undefined) {
      // Re-inserting moves the text to the young end of the map's order.
      this.byText.delete(text);
      this.byText.set(text, entries);
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i] as Entry;
        if (e.partition !== partition || e.direction !== direction || e.policy.name !== policy.name) continue;
        if (e.policy === policy && e.catalog === catalog) {
          this.opts.onLookup?.(true);
          return e.verdict;
        }
        // Computed under a policy or catalog that has since changed: never valid again.
        entries.splice(i, 1);
        this.bytes -= ENTRY_OVERHEAD;
        break;
      }
    }
    this.opts.onLookup?.(false);
    const verdict = freeze(scan());
    const cost = ENTRY_OVERHEAD + (entries === undefined ? text.length * 2 : 0);
    if (cost > this.opts.maxBytes) return verdict;
    if (entries === undefined) {
      entries = [];
      this.byText.set(text, entries);
    }
    entries.push({ partition, direction, policy, catalog, verdict });
    this.bytes += cost;
    for (const [oldText, old] of this.byText) {
      if (this.bytes <= this.opts.maxBytes) break;
      this.byText.delete(oldText);
      this.bytes -= oldText.length * 2 + old.length * ENTRY_OVERHEAD;
    }
    return verdict;
  }

  /** Verdicts and bytes held, for tests and stats. */
  size(): { entries: number; bytes: number } {
    let entries = 0;
    for (const list of this.byText.values()) entries += list.length;
    return { entries, bytes: this.bytes };
  }
}

/** Stored verdicts are handed to many requests: nothing downstream may change them. */
function freeze(v: Verdict): Verdict {
  for (const m of v.matches) Object.freeze(m);
  Object.freeze(v.matches);
  Object.freeze(v.preprocessing);
  return Object.freeze(v);
}
