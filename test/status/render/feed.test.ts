import { renderFeed } from '../../../status/render/feed';
import { context, NOW, snapshot } from '../support/snapshot';

const incidents = [
  { alertname: 'ServiceDown', monitor: 'api-health', startedAt: NOW - 600, endedAt: null },
  { alertname: 'ServiceDown', monitor: 'api-health', startedAt: NOW - 7200, endedAt: NOW - 3600 },
];

test('an Atom feed with one entry per incident, ended or ongoing', () => {
  const feed = renderFeed(context({ snapshot: snapshot({ incidents }) }));
  expect(feed).toMatch(
    /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
  );
  expect(feed.match(/<entry>/g)).toHaveLength(2);
  expect(feed).toContain('<title>API Health: Outage (ongoing)</title>');
  expect(feed).toContain(`<id>urn:clicky-status:incident:ServiceDown:api-health:${NOW - 600}</id>`);
  expect(feed).toContain(
    '<summary>From 6 Dec 2026, 17:00 to 6 Dec 2026, 18:00 (Asia/Jakarta), 1 h.</summary>',
  );
  // The feed's updated is its latest change: the newest start or end.
  expect(feed).toContain(`<updated>${new Date((NOW - 30) * 1000).toISOString()}</updated>`);
});

test('labels are escaped', () => {
  const feed = renderFeed(
    context({
      snapshot: snapshot({
        incidents: [{ alertname: 'A<&>', monitor: 'm"', startedAt: NOW, endedAt: null }],
      }),
    }),
  );
  expect(feed).toContain('m&quot;: A&lt;&amp;&gt; (ongoing)');
  expect(feed).not.toContain('A<&>');
});
