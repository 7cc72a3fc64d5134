/** Counting whole-word hits of a global regex, shared by the reversed and ROT13 detectors. */

/** Counts matches of the global `re` in `text`, stopping at `stopAt` (the caller's threshold). */
export function countHits(re: RegExp, text: string, stopAt: number): number {
  re.lastIndex = 0;
  let hits = 0;
  while (hits < stopAt && re.exec(text) !== null) hits++;
  return hits;
}
