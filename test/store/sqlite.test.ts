/** The StateStore contract on SQLite (a temp file, so a second handle is a second "process"), plus SQLite specifics. */
import { describe, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite';
import { tempDir } from '../helpers/binary';
import { manualClock } from '../helpers/server';
import { runStoreContract } from './contract';

runStoreContract('sqlite', async () => {
  const path = join(tempDir('iw-sqlite-'), 'state.db');
  const clock = manualClock(Date.now());
  const store = new SqliteStore(path, clock);
  return {
    store,
    now: clock,
    // A second handle on the file: what another process would open.
    peer: async () => new SqliteStore(path, clock),
    async advance(ms) {
      clock.advance(ms);
    },
    async close() {
      await store.close();
    },
  };
});

describe('sqlite specifics', () => {
  test('the file, its WAL files and its folder are private (0600 / 0700)', async () => {
    const dir = join(tempDir('iw-sqlite-'), 'nested', 'data');
    const store = new SqliteStore(join(dir, 'state.db'));
    await store.set('k', 'v');
    for (const file of ['state.db', 'state.db-wal', 'state.db-shm']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.close();
  });

  test('state survives reopening the file', async () => {
    const path = join(tempDir('iw-sqlite-'), 'state.db');
    const a = new SqliteStore(path);
    await a.set('k', 'v');
    await a.mapSet('m', 'f', '1');
    await a.append('log', 'entry', 10);
    await a.close();
    const b = new SqliteStore(path);
    expect(await b.get('k')).toBe('v');
    expect(await b.mapGet('m', 'f')).toBe('1');
    expect((await b.readLog('log', { limit: 10 })).map((e) => e.entry)).toEqual(['entry']);
    await b.close();
  });
});
