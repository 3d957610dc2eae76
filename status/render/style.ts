/**
 * The page's only style sheet, inline so the page is one request; the server allows it by its hash
 * in the Content-Security-Policy (no 'unsafe-inline'). Light and dark follow prefers-color-scheme;
 * every text colour keeps a contrast of at least 4.5:1 on its background in both (axe checks it).
 */
import { createHash } from 'node:crypto';

export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--ok-bg:#dafbe1;--ok-fg:#0f5323;--bad-bg:#ffebe9;--bad-fg:#82071e;--warn-bg:#fff8c5;--warn-fg:#633c01;
--full:#1a7f37;--high:#4ac26b;--partial:#d4a72c;--low:#cf222e;--none:#d1d9e0;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;
--ok-bg:#0f2e1a;--ok-fg:#aff5b4;--bad-bg:#3d0f14;--bad-fg:#ffc1c0;--warn-bg:#3b2e00;--warn-fg:#f8e3a1;
--full:#2ea043;--high:#56d364;--partial:#bb8009;--low:#f85149;--none:#3d444d;--link:#71b7ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main,header,footer{max-width:56rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:0}
a{color:var(--link)}
.muted{color:var(--muted);margin:.25rem 0}
.banner{border-radius:.5rem;padding:1rem;margin:1rem 0;font-weight:600;font-size:1.1rem}
.banner small{display:block;font-weight:400;font-size:.9rem}
.operational{background:var(--ok-bg);color:var(--ok-fg)}
.partial_outage,.major_outage{background:var(--bad-bg);color:var(--bad-fg)}
.unknown{background:var(--warn-bg);color:var(--warn-fg)}
.monitor{border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:1rem 0}
.monitor-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem}
.state{border-radius:1rem;padding:0 .6rem;font-size:.9rem;font-weight:600}
.state.up{background:var(--ok-bg);color:var(--ok-fg)}
.state.down{background:var(--bad-bg);color:var(--bad-fg)}
.state.unknown{background:var(--warn-bg);color:var(--warn-fg)}
.bars{display:flex;gap:1px;list-style:none;margin:.75rem 0 .25rem;padding:0;height:2rem}
.bar{flex:1 1 0;min-width:0;border-radius:1px;background:var(--none)}
.bar.full{background:var(--full)}.bar.high{background:var(--high)}.bar.partial{background:var(--partial)}.bar.low{background:var(--low)}
.scale{display:flex;justify-content:space-between;color:var(--muted);font-size:.85rem;margin:0}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:.5rem 0 0;font-size:.95rem}
.spark{width:12rem;max-width:100%;height:2.5rem;color:var(--link)}
.incidents{padding-left:1.25rem}
.incidents li{margin:.5rem 0}
footer{padding-bottom:2rem;font-size:.9rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
`
  .trim()
  .replace(/\n/g, '');

/** The CSP source that allows exactly this style sheet. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
