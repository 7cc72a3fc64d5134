/** The Prometheus registry: cumulative histogram buckets, counters, label escaping. */
import { expect, test } from 'bun:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Counter, Histogram, Metrics } from '../../src/server/metrics';

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

test('route and direction handles count into the same series as labels do', () => {
  const m = new Metrics();
  const route = m.routeSeries('/v1/scan/input', 'POST');
  expect(m.routeSeries('/v1/scan/input', 'POST')).toBe(route);
  route.count(200);
  route.count(200);
  route.count(401);
  m.requests.inc({ route: '/v1/scan/input', method: 'POST', status: '200' });
  route.seconds.observe(0.002);
  m.requestSeconds.observe({ route: '/v1/scan/input' }, 0.02);
  const input = m.directionSeries('input');
  input.decided('block');
  input.decided('allow');
  input.decided('block');
  const text = [m.requests, m.requestSeconds, m.decisions].map((x) => x.render()).join('\n');
  expect(text).toContain('iw_http_requests_total{route="/v1/scan/input",method="POST",status="200"} 3');
  expect(text).toContain('iw_http_requests_total{route="/v1/scan/input",method="POST",status="401"} 1');
  expect(text).toContain('iw_http_request_duration_seconds_count{route="/v1/scan/input"} 2');
  expect(text).toContain('iw_scan_decisions_total{direction="input",decision="block"} 2');
  expect(text).toContain('iw_scan_decisions_total{direction="input",decision="allow"} 1');
});

test('series stay bounded: past the limit new label sets are dropped, existing ones still count', () => {
  const c = new Counter('t_total', 'test');
  const first = c.seriesFor({ path: 'p0' });
  for (let i = 1; i < 2500; i++) c.inc({ path: `p${i}` });
  first.value++;
  c.inc({ path: 'p2400' });
  const lines = c.render().split('\n').filter((l) => !l.startsWith('#'));
  expect(lines).toHaveLength(2000);
  expect(lines).toContain('t_total{path="p0"} 1');
  expect(lines.some((l) => l.includes('p2400'))).toBe(false);
  const m = new Metrics();
  for (let i = 0; i < 100; i++) m.routeSeries('/x', `M${i}`).count(200);
  expect(m.requests.render().split('\n').filter((l) => !l.startsWith('#'))).toHaveLength(100);
});
