/** The Pushgateway, through which backups and deployments report (alerting/jobs/). */
import { jobs, scrapeUp } from '../metrics';
import { missingPerEnv, selector } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const up = selector(scrapeUp, { job: jobs.pushgateway });

export const pushgateway: RuleGroup = {
  name: 'clicky-meta-pushgateway',
  rules: [
    {
      alert: 'PushgatewayDown',
      expr: `${up} == 0\nor\n${missingPerEnv(up, { job: jobs.pushgateway })}`,
      for: thresholds.scrapes.downFor,
      severity: 'warning',
      cooldown: '1h',
      summary: 'The Pushgateway is down',
      description:
        `Prometheus has not scraped the Pushgateway for ${thresholds.scrapes.downFor}: backups and deployments cannot ` +
        'report, so BackupFailed and DeploymentFailed cannot fire (BackupStale will, after a while).',
    },
  ],
};
