/** The batched log sink: one write per event-loop turn once batching, order kept, nothing lost. */
import { expect, test } from 'bun:test';
import { batchedWriter } from '../../src/server/log';

test('writes through until batching starts, then once per turn, in order; flush empties it', async () => {
  const writes: string[] = [];
  const sink = batchedWriter((t) => writes.push(t));
  sink.write('a\n');
  expect(writes).toEqual(['a\n']);
  sink.batch();
  sink.write('b\n');
  sink.write('c\n');
  expect(writes).toEqual(['a\n']);
  await new Promise((r) => setImmediate(r));
  expect(writes).toEqual(['a\n', 'b\nc\n']);
  sink.write('d\n');
  sink.flush();
  expect(writes).toEqual(['a\n', 'b\nc\n', 'd\n']);
  await new Promise((r) => setImmediate(r));
  expect(writes).toHaveLength(3);
});
