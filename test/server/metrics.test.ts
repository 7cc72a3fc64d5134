/** The Prometheus registry: cumulative histogram buckets, counters, label escaping. */
import { expect, test } from 'bun:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Counter, Histogram } from '../../src/server/metrics';

test('histogram buckets are cumulative, with sum and count', () => {
  const h = new Histogram('t_seconds', 'test', [0.001, 0.01, 0.1]);
  for (const v of [0.0005, 0.001, 0.005, 0.05, 0.5, 0.5]) h.observe({ route: '/x' }, v);
  const lines = h.render().split('\n');
  expect(lines).toContain('t_seconds_bucket{route="/x",le="0.001"} 2');
  expect(lines).toContain('t_seconds_bucket{route="/x",le="0.01"} 3');
  expect(lines).toContain('t_seconds_bucket{route="/x",le="0.1"} 4');
  expect(lines).toContain('t_seconds_bucket{route="/x",le="+Inf"} 6');
  expect(lines).toContain('t_seconds_count{route="/x"} 6');
  expect(parsePrometheusTextFormat(h.render() + '\n')).toHaveLength(1);
});

test('counters keep one series per label set and escape label values', () => {
  const c = new Counter('t_total', 'test');
  c.inc({ route: '/a', status: '200' });
  c.inc({ route: '/a', status: '200' }, 2);
  c.inc({ route: 'quote"back\\slash', status: '500' });
  const lines = c.render().split('\n');
  expect(lines).toContain('t_total{route="/a",status="200"} 3');
  expect(lines).toContain('t_total{route="quote\\"back\\\\slash",status="500"} 1');
});
