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
  readonly verdict: Verdict;
  readonly policy: ResolvedPolicy;
  readonly catalog: CompiledCatalog;
  readonly bytes: number;
}

/** A rough per-entry cost besides the key: the verdict object and the map slot. */
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
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxTextChars: number;

  constructor(private readonly opts: VerdictCacheOptions) {
    this.maxTextChars = opts.maxTextChars ?? 16 * 1024;
  }

  /** The verdict for `text`, computed by `scan` unless a valid one is stored. */
  verdict(partition: string, text: string, direction: Direction, policy: ResolvedPolicy, catalog: CompiledCatalog, scan: () => Verdict): Verdict {
    if (this.opts.maxBytes === 0 || text.length > this.maxTextChars) return scan();
    const key = `${partition}\u0000${direction}\u0000${policy.name}\u0000${text}`;
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.policy === policy && entry.catalog === catalog) {
      // Re-inserting moves the entry to the young end of the map's order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.opts.onLookup?.(true);
      return entry.verdict;
    }
    this.opts.onLookup?.(false);
    const verdict = freeze(scan());
    if (entry !== undefined) this.remove(key, entry);
    const bytes = key.length * 2 + ENTRY_OVERHEAD;
    if (bytes > this.opts.maxBytes) return verdict;
    this.entries.set(key, { verdict, policy, catalog, bytes });
    this.bytes += bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.opts.maxBytes) break;
      this.remove(oldKey, old);
    }
    return verdict;
  }

  /** Entries and bytes held, for tests and stats. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** Stored verdicts are handed to many requests: nothing downstream may change them. */
function freeze(v: Verdict): Verdict {
  for (const m of v.matches) Object.freeze(m);
  Object.freeze(v.matches);
  Object.freeze(v.preprocessing);
  return Object.freeze(v);
}
