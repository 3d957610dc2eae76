import { incidentsFrom } from '../../status/incidents';

const step = 60;
const end = 100_000 * 60;
const series = (labels: Record<string, string>, times: number[]) => ({
  metric: { __name__: 'ALERTS', alertstate: 'firing', ...labels },
  values: times.map((t) => [t, '1'] as [number, string]),
});
const run = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i * step);

test('runs of points are episodes; a gap over a step and a half ends one', () => {
  const alert = { alertname: 'ServiceDown', monitor: 'api-health', instance: 'x' };
  const incidents = incidentsFrom(
    [series(alert, [...run(end - 100 * step, 10), ...run(end - 50 * step, 5)])],
    { end, step },
  );
  expect(incidents).toEqual([
    { alertname: 'ServiceDown', monitor: 'api-health', startedAt: end - 50 * step, endedAt: end - 45 * step },
    {
      alertname: 'ServiceDown',
      monitor: 'api-health',
      startedAt: end - 100 * step,
      endedAt: end - 90 * step,
    },
  ]);
});

test('an episode reaching the last point is ongoing', () => {
  const incidents = incidentsFrom(
    [series({ alertname: 'WebsiteDown', monitor: 'website' }, run(end - 3 * step, 4))],
    {
      end,
      step,
    },
  );
  expect(incidents).toEqual([
    { alertname: 'WebsiteDown', monitor: 'website', startedAt: end - 3 * step, endedAt: null },
  ]);
});

test('an episode split across two chunked queries is one incident; NaN points are not firing', () => {
  const alert = { alertname: 'ServiceDown', monitor: 'api-ready' };
  const chunks = [series(alert, run(end - 20 * step, 10)), series(alert, run(end - 10 * step, 5))];
  chunks[1]?.values.push([end - 5 * step, 'NaN']);
  expect(incidentsFrom(chunks, { end, step })).toEqual([
    { alertname: 'ServiceDown', monitor: 'api-ready', startedAt: end - 20 * step, endedAt: end - 5 * step },
  ]);
});
