/** A short soak of the compiled binary (the long one is `bun run soak`). */
import { expect, test } from 'bun:test';
import { runSoak } from '../../bench/soak-run';
import { binary } from '../helpers/binary';

test('5 000 mixed requests at 32 connections: zero 5xx, zero transport errors', async () => {
  const r = await runSoak({ binary: await binary(), requests: 5000, concurrency: 32 });
  console.log(`short soak: ${(r.requests / r.seconds).toFixed(0)} req/s, statuses ${JSON.stringify(r.statuses)}, RSS idle ${r.rss.idle.toFixed(0)} / peak ${r.rss.peak.toFixed(0)} / after ${r.rss.after.toFixed(0)} MiB`);
  expect(r.serverErrors).toBe(0);
  expect(r.transportErrors).toBe(0);
  expect(Object.keys(r.statuses).sort()).toEqual(['200', '401']);
}, 120_000);
