/**
 * Every public answer rendered at once, per refresh, into the bytes and headers the server sends as
 * they are (the probe fast path's way): a request costs a map lookup and a write.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { UptimeMonitor } from '../uptime/monitors';
import type { View } from './cache';
import { renderBadge } from './render/badge';
import type { PageSettings, RenderContext } from './render/context';
import { renderFeed } from './render/feed';
import { statusJson } from './render/json';
import { renderPage } from './render/page';
import { STYLE_HASH } from './render/style';

export interface Answer {
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export interface Answers {
  /** By path: /, /status.json, /feed.atom, /badge/<monitor>.svg. */
  byPath: Map<string, Answer>;
}

/** Browsers and proxies may reuse an answer for as long as the data cannot have changed much. */
const CACHE_CONTROL = 'public, max-age=30';

function answer(contentType: string, text: string, extra: OutgoingHttpHeaders = {}): Answer {
  const body = Buffer.from(text);
  return {
    body,
    headers: {
      'content-type': contentType,
      'content-length': body.length,
      'cache-control': CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
      ...extra,
    },
  };
}

// img-src data: for the page's empty icon, which spares browsers a /favicon.ico request and its 404.
const PAGE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export function renderAnswers(
  settings: PageSettings,
  monitors: readonly Pick<UptimeMonitor, 'name' | 'friendlyName'>[],
  view: View,
): Answers {
  const context: RenderContext = { ...settings, view };
  const byPath = new Map<string, Answer>();
  const page = answer('text/html; charset=utf-8', renderPage(context), {
    'content-security-policy': PAGE_CSP,
  });
  byPath.set('/', page);
  byPath.set('/index.html', page);
  byPath.set('/status.json', answer('application/json; charset=utf-8', JSON.stringify(statusJson(context))));
  byPath.set('/feed.atom', answer('application/atom+xml; charset=utf-8', renderFeed(context)));
  // Every declared monitor has a badge, "no data" until Prometheus has answered for it.
  for (const monitor of monitors) {
    const state = view.snapshot?.monitors.find((m) => m.name === monitor.name)?.state ?? 'unknown';
    byPath.set(
      `/badge/${encodeURIComponent(monitor.name)}.svg`,
      answer('image/svg+xml; charset=utf-8', renderBadge(monitor.friendlyName, state), {
        'content-security-policy': SVG_CSP,
      }),
    );
  }
  return { byPath };
}
