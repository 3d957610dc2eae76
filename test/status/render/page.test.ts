import { renderPage } from '../../../status/render/page';
import { context, monitor, NOW, snapshot } from '../support/snapshot';

test('names the foundation and the time zone, and says when the data is from', () => {
  const html = renderPage(context());
  expect(html).toContain('<title>Clicky Foundation status</title>');
  expect(html).toContain('All times are in the Asia/Jakarta time zone.');
  expect(html).toContain('Data as of 6 Dec 2026, 18:59.');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain('prefers-color-scheme:dark');
  expect(html).not.toContain('<script');
});

test('per monitor: state, bars, sparkline and days until the certificate expires', () => {
  const html = renderPage(context());
  expect(html).toContain('<span class="state up">Operational</span>');
  expect(html).toContain('<ol class="bars" aria-label="API Health: daily uptime, last 3 days">');
  expect(html).toContain('<svg class="spark"');
  expect(html).toContain('TLS certificate expires in 30 days (5 Jan 2027, 19:01)');
});

test('the banner follows the monitors', () => {
  const down = monitor({ name: 'website', friendlyName: 'Website', state: 'down' });
  expect(renderPage(context())).toContain('<div class="banner operational">All systems operational');
  expect(renderPage(context({ snapshot: snapshot({ monitors: [monitor(), down] }) }))).toContain(
    '<div class="banner partial_outage">Some services are down',
  );
  expect(renderPage(context({ snapshot: snapshot({ monitors: [down] }) }))).toContain(
    '<div class="banner major_outage">All services are down',
  );
  expect(
    renderPage(context({ snapshot: snapshot({ monitors: [monitor({ state: 'unknown' })] }) })),
  ).toContain('Some services have no recent data');
});

test('incidents: ended ones with start, end and duration; ongoing ones with their time so far', () => {
  const html = renderPage(
    context({
      snapshot: snapshot({
        incidents: [
          { alertname: 'ServiceDown', monitor: 'api-health', startedAt: NOW - 600, endedAt: null },
          {
            alertname: 'ServiceDown',
            monitor: 'api-health',
            startedAt: NOW - 86_400,
            endedAt: NOW - 86_400 + 3900,
          },
        ],
      }),
    }),
  );
  expect(html).toContain(
    '<li><strong>API Health</strong>: Outage <span class="muted">(ServiceDown)</span><br>since 6 Dec 2026, 18:50, ongoing (10 min so far)</li>',
  );
  expect(html).toContain('5 Dec 2026, 19:00 to 5 Dec 2026, 20:05, 1 h 5 min');
  expect(renderPage(context())).toContain('No incidents in the last 90 days.');
});

test('Prometheus not answering: the last known state, with its age', () => {
  const html = renderPage(context({ now: NOW + 600, failingSince: NOW + 60 }));
  expect(html).toContain('<span class="state up">Operational</span>');
  expect(html).toContain('Data as of 6 Dec 2026, 18:59, 10 min ago: the monitoring server is not answering');
});

test('before the first answer the page still renders, saying there is no data yet', () => {
  const html = renderPage(context({ snapshot: undefined, failingSince: NOW }));
  expect(html).toContain('No data yet');
  expect(html).toContain('Some services have no recent data');
});

test('everything from the snapshot is escaped', () => {
  const evil = '<script>alert(1)</script>';
  const html = renderPage(
    context({
      snapshot: snapshot({
        monitors: [monitor({ name: `x"><img src=x>`, friendlyName: evil })],
        incidents: [{ alertname: evil, monitor: evil, startedAt: NOW - 60, endedAt: null }],
      }),
    }),
  );
  expect(html).not.toContain('<script>');
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});
