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
 * - memory is bounded by a byte budget over the stored texts (what was not used for a while leaves
 *   first), and texts above `maxTextChars` are never stored;
 * - a text is stored the second time it is seen (see Doorkeeper): most traffic is one-off texts,
 *   and storing each of them cost more than the scan itself once the garbage collector had to
 *   trace and then reclaim them (bench/http.ts, distinct prompts: 62 → 55 µs per request).
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

/** One generation: texts → the verdicts stored for them, and what they cost. */
interface Generation {
  readonly byText: Map<string, Entry[]>;
  bytes: number;
}

const generation = (): Generation => ({ byText: new Map(), bytes: 0 });

export class VerdictCache {
  /**
   * Two generations instead of a recency-ordered map: new and reused verdicts go to `young`; when
   * it holds half the budget it becomes `old` and the previous `old` is dropped whole. A verdict
   * used within the last generation survives, the rest age out: least-recently-used in effect,
   * without deleting single keys (JSC rehashes a large Map on delete-then-set, which made a full
   * LRU map cost ~17 µs per hit).
   */
  private young = generation();
  private old = generation();
  private readonly maxTextChars: number;
  private readonly doorkeeper = new Doorkeeper();

  constructor(private readonly opts: VerdictCacheOptions) {
    this.maxTextChars = opts.maxTextChars ?? 16 * 1024;
  }

  /** The verdict for `text`, computed by `scan` unless a valid one is stored. */
  verdict(partition: string, text: string, direction: Direction, policy: ResolvedPolicy, catalog: CompiledCatalog, scan: () => Verdict): Verdict {
    if (this.opts.maxBytes === 0 || text.length > this.maxTextChars) return scan();
    let entries = this.young.byText.get(text);
    if (entries === undefined) {
      const aged = this.old.byText.get(text);
      if (aged !== undefined) {
        // Used again: it moves into the young generation (the old one is dropped whole later).
        entries = aged.filter((e) => e.policy === policy || e.policy.name !== policy.name);
        this.add(text, entries, text.length * 2 + entries.length * ENTRY_OVERHEAD);
      }
    }
    if (entries !== undefined) {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i] as Entry;
        if (e.partition !== partition || e.direction !== direction || e.policy.name !== policy.name) continue;
        if (e.policy === policy && e.catalog === catalog) {
          this.opts.onLookup?.(true);
          return e.verdict;
        }
        // Computed under a policy or catalog that has since changed: never valid again.
        entries.splice(i, 1);
        break;
      }
    }
    this.opts.onLookup?.(false);
    const verdict = scan();
    // A text with entries (another caller, direction or policy) has been seen: no admission check.
    if (entries === undefined && !this.doorkeeper.seenBefore(partition, text)) return verdict;
    const entry: Entry = { partition, direction, policy, catalog, verdict: freeze(verdict) };
    if (entries === undefined) {
      if (text.length * 2 + ENTRY_OVERHEAD <= this.opts.maxBytes / 2) this.add(text, [entry], text.length * 2 + ENTRY_OVERHEAD);
    } else {
      entries.push(entry);
      this.young.bytes += ENTRY_OVERHEAD;
    }
    return verdict;
  }

  /** Verdicts and bytes held (both generations), for tests and stats. */
  size(): { entries: number; bytes: number } {
    let entries = 0;
    for (const g of [this.young, this.old]) for (const list of g.byText.values()) entries += list.length;
    return { entries, bytes: this.young.bytes + this.old.bytes };
  }

  private add(text: string, entries: Entry[], bytes: number): void {
    if (this.young.bytes + bytes > this.opts.maxBytes / 2) {
      this.old = this.young;
      this.young = generation();
    }
    this.young.byText.set(text, entries);
    this.young.bytes += bytes;
  }
}

/**
 * Admission control: remembers fingerprints of recently scanned texts in a fixed typed array, so a
 * text is stored only when it comes back. A stream of new texts then costs one hash per scan and
 * keeps nothing alive. Fingerprints are 32-bit and seeded by the partition; a collision can only
 * store a text one sighting early (or, overwritten, late), never change a verdict, since entries
 * are found by the exact text.
 */
class Doorkeeper {
  private readonly slots = new Uint32Array(1 << 16);

  /** Whether `text` was seen recently in `partition`; remembers that it has been now. */
  seenBefore(partition: string, text: string): boolean {
    // Slot 0 means empty, so a fingerprint of 0 counts as 1.
    const fp = Bun.hash.crc32(text, Bun.hash.crc32(partition)) || 1;
    const slot = fp & (this.slots.length - 1);
    const seen = this.slots[slot] === fp;
    this.slots[slot] = fp;
    return seen;
  }
}

/** Stored verdicts are handed to many requests: nothing downstream may change them. */
function freeze(v: Verdict): Verdict {
  for (const m of v.matches) Object.freeze(m);
  Object.freeze(v.matches);
  Object.freeze(v.preprocessing);
  return Object.freeze(v);
}
