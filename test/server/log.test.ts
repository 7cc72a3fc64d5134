/** Logging: the JSON line format, and the batched sink (one write per batch, order kept, nothing lost). */
import { expect, test } from 'bun:test';
import { BATCH_CHARS, BATCH_MS, batchedWriter, createLogger } from '../../src/server/log';

test('a JSON line is time, level and message, then the fields; undefined fields are left out', () => {
  const lines: string[] = [];
  const log = createLogger('info', (l) => lines.push(l));
  log.info('request', { status: 200, key_id: undefined, route: '/v1/x', text: 'quote " and \n newline' });
  log.warn('bare');
  log.debug('below the level');
  expect(lines).toHaveLength(2);
  for (const l of lines) expect(l.endsWith('\n')).toBe(true);
  const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
  expect(Object.keys(first)).toEqual(['time', 'level', 'msg', 'status', 'route', 'text']);
  expect(first).toMatchObject({ level: 'info', msg: 'request', status: 200, route: '/v1/x', text: 'quote " and \n newline' });
  expect(new Date(first.time as string).toISOString()).toBe(first.time as string);
  const second = JSON.parse(lines[1] as string) as Record<string, unknown>;
  expect(Object.keys(second)).toEqual(['time', 'level', 'msg']);
  expect(second).toMatchObject({ level: 'warn', msg: 'bare' });
});

test('the terminal format leaves undefined fields out too', () => {
  const lines: string[] = [];
  createLogger('info', (l) => lines.push(l), { pretty: true }).info('request', { status: 200, key_id: undefined });
  expect(lines[0]).toContain('status=200');
  expect(lines[0]).not.toContain('key_id');
});

test('writes through until batching starts, then once per batch, in order; flush empties it', async () => {
  const writes: string[] = [];
  const sink = batchedWriter((t) => writes.push(t));
  sink.write('a\n');
  expect(writes).toEqual(['a\n']);
  sink.batch();
  sink.write('b\n');
  sink.write('c\n');
  await new Promise((r) => setImmediate(r));
  expect(writes).toEqual(['a\n']);
  await Bun.sleep(BATCH_MS + 30);
  expect(writes).toEqual(['a\n', 'b\nc\n']);
  sink.write('d\n');
  sink.flush();
  expect(writes).toEqual(['a\n', 'b\nc\n', 'd\n']);
  await Bun.sleep(BATCH_MS + 30);
  expect(writes).toHaveLength(3);
});

test('a batch that reaches its size limit is written at once', () => {
  const writes: string[] = [];
  const sink = batchedWriter((t) => writes.push(t));
  sink.batch();
  const line = 'x'.repeat(1023) + '\n';
  for (let i = 0; i < BATCH_CHARS / 1024; i++) sink.write(line);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toHaveLength(BATCH_CHARS);
  sink.write('tail\n');
  sink.flush();
  expect(writes).toEqual([line.repeat(BATCH_CHARS / 1024), 'tail\n']);
});

test('a warning or an error leaves at once, after what waited before it', () => {
  const writes: string[] = [];
  const sink = batchedWriter((t) => writes.push(t));
  sink.batch();
  const log = createLogger('info', sink.write);
  log.info('request', { n: 1 });
  expect(writes).toHaveLength(0);
  log.warn('state store unreachable');
  expect(writes).toHaveLength(1);
  expect((writes[0] as string).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['request', 'state store unreachable']);
  log.info('request', { n: 2 });
  log.error('engine error');
  expect(writes).toHaveLength(2);
  sink.flush();
  expect(writes).toHaveLength(2);
});
