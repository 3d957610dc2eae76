import { statusJson } from '../../../status/render/json';
import { context, NOW, snapshot } from '../support/snapshot';

test('/status.json in its documented shape', () => {
  const json = statusJson(
    context({
      snapshot: snapshot({
        incidents: [{ alertname: 'ServiceDown', monitor: 'api-health', startedAt: NOW - 600, endedAt: null }],
      }),
    }),
  );
  expect(json).toEqual({
    foundation: 'Clicky Foundation',
    timeZone: 'Asia/Jakarta',
    generatedAt: '2026-12-06T12:00:00.000Z',
    dataAsOf: '2026-12-06T11:59:30.000Z',
    dataAgeSeconds: 30,
    stale: false,
    overall: 'operational',
    monitors: [
      {
        name: 'api-health',
        friendlyName: 'API Health',
        url: 'https://api.example/health',
        state: 'up',
        uptime90d: 0.9975,
        days: [
          { date: '2026-12-01', uptime: 1 },
          { date: '2026-12-02', uptime: 0.995 },
          { date: '2026-12-03', uptime: null },
        ],
        responseTimesMs: [
          { at: '2026-12-06T11:30:00.000Z', ms: 120 },
          { at: '2026-12-06T11:45:00.000Z', ms: 300 },
          { at: '2026-12-06T12:00:00.000Z', ms: 200 },
        ],
        tlsExpiresAt: '2027-01-05T12:01:00.000Z',
        tlsDaysLeft: 30,
      },
    ],
    incidents: [
      {
        alertname: 'ServiceDown',
        monitor: 'api-health',
        friendlyName: 'API Health',
        startedAt: '2026-12-06T11:50:00.000Z',
        endedAt: null,
        durationSeconds: 600,
        ongoing: true,
      },
    ],
  });
});

test('before the first answer: no data, stale while failing', () => {
  const json = statusJson(context({ snapshot: undefined, failingSince: NOW }));
  expect(json).toMatchObject({
    dataAsOf: null,
    dataAgeSeconds: null,
    stale: true,
    overall: 'unknown',
    monitors: [],
  });
});
