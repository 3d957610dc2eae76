import { filesystem } from './metrics';
import { notRegex, selector } from './promql';
import { thresholds } from './thresholds';
import type { AlertDefinition, RuleGroup } from './types';

const realFilesystems = { fstype: notRegex(filesystem.ignoredFsTypes) };

const diskUsage = (
  alert: string,
  { usedRatio, for: forDuration }: { usedRatio: number; for: AlertDefinition['for'] },
  severity: AlertDefinition['severity'],
  cooldown: AlertDefinition['cooldown'],
): AlertDefinition => ({
  alert,
  expr:
    `1 - ${selector(filesystem.avail, realFilesystems)} / ${selector(filesystem.size, realFilesystems)}` +
    ` > ${usedRatio}`,
  for: forDuration,
  severity,
  cooldown,
  summary: '{{ $labels.mountpoint }} on {{ $labels.instance }} is {{ $value | humanizePercentage }} full',
  description:
    `{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has been more than ` +
    `${usedRatio * 100}% full for ${forDuration}; it is {{ $value | humanizePercentage }} full now.`,
});

export const disk: RuleGroup = {
  name: 'clicky-disk',
  rules: [
    diskUsage('DiskSpaceLow', thresholds.disk.low, 'warning', '1h'),
    diskUsage('DiskSpaceCritical', thresholds.disk.critical, 'critical', '15m'),
  ],
};
