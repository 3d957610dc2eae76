/** The matrix as a Markdown table: readable in a terminal, pasteable into a README or an issue. */
import type { Row } from './runner';

const HEADER = ['failure', 'alert', 'told a human by', 'seconds to notice', 'bound (s)', 'result'];

const outcome = (row: Row) =>
  row.outcome === 'notified'
    ? 'notified'
    : `**${row.outcome.toUpperCase()}**${row.note ? `: ${row.note}` : ''}`;

export function renderTable(rows: Row[]): string {
  const cells = rows.map((row) => [
    row.failure,
    row.alert,
    row.outcome === 'notified' ? row.channel : `(${row.channel})`,
    row.seconds.length > 0 ? row.seconds.map((s) => s.toFixed(1)).join(' + ') : '-',
    row.bound === undefined ? '-' : String(row.bound),
    outcome(row) + (row.outcome === 'notified' && row.note ? ` (${row.note})` : ''),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const blind = rows.filter((r) => r.outcome !== 'notified').length;
  return [
    line(HEADER),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
    '',
    `${rows.length - blind} of ${rows.length} rows notified, ${blind} blind.`,
  ].join('\n');
}
