/** The matrix's table: one row per failure, blind rows shouted, a count at the end. */
import { renderTable } from '../../../stack/chaos/table';

it('prints the channel that told a human, the seconds, the bound, and calls out blind rows', () => {
  const table = renderTable([
    {
      failure: 'exporter down',
      alert: 'ExporterDown',
      channel: 'email',
      seconds: [21.21],
      bound: 80,
      outcome: 'notified',
    },
    {
      failure: 'deploy failing twice',
      alert: 'DeploymentFailed',
      channel: 'telegram',
      seconds: [1.4],
      bound: 61,
      outcome: 'blind',
      note: 'the second time: none',
    },
  ]).split('\n');
  expect(table[0]).toMatch(
    /^\| failure +\| alert +\| told a human by +\| seconds to notice +\| bound \(s\) +\| result +\|$/,
  );
  expect(table[2]).toMatch(/^\| exporter down +\| ExporterDown +\| email +\| 21\.2 +\| 80 +\| notified +\|$/);
  expect(table[3]).toContain('| (telegram) ');
  expect(table[3]).toContain('**BLIND**: the second time: none');
  expect(table.at(-1)).toBe('1 of 2 rows notified, 1 blind.');
});
