/**
 * An SVG badge per monitor (GET /badge/<monitor>.svg), in the shields.io layout: the monitor's name
 * on the left, its state on the right. Widths are estimated from the text (about 7 px a character
 * at 11 px Verdana), as no font metrics are at hand on the server.
 */
import type { MonitorState } from '../model';
import { escapeXml } from './escape';

const STATE_TEXT: Record<MonitorState, string> = { up: 'up', down: 'down', unknown: 'no data' };
const STATE_COLOUR: Record<MonitorState, string> = { up: '#1a7f37', down: '#cf222e', unknown: '#6e7781' };

const width = (text: string) => Math.round(text.length * 7 + 10);

export function renderBadge(label: string, state: MonitorState): string {
  const value = STATE_TEXT[state];
  const left = width(label);
  const right = width(value);
  const total = left + right;
  const title = escapeXml(`${label}: ${value}`);
  const l = escapeXml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<rect width="${left}" height="20" fill="#555"/>` +
    `<rect x="${left}" width="${right}" height="20" fill="${STATE_COLOUR[state]}"/>` +
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">' +
    `<text x="${left / 2}" y="14">${l}</text>` +
    `<text x="${left + right / 2}" y="14">${value}</text>` +
    '</g></svg>\n'
  );
}
