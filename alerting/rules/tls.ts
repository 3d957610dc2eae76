import { jobs, probe } from './metrics';
import { secondsLiteral, selector } from './promql';
import { thresholds } from './thresholds';
import type { RuleGroup } from './types';

const { minValidity } = thresholds.tls;

export const tls: RuleGroup = {
  name: 'clicky-tls',
  rules: [
    {
      alert: 'SslCertificateExpiry',
      expr: `${selector(probe.sslExpiry, { job: jobs.blackbox })} - time() < ${secondsLiteral(minValidity)}`,
      for: thresholds.tls.for,
      severity: 'warning',
      cooldown: '1d',
      summary: 'The TLS certificate of {{ $labels.instance }} expires soon',
      description:
        'The certificate chain served at {{ $labels.instance }} ({{ $labels.monitor }}) expires in ' +
        `{{ $value | humanizeDuration }}, less than ${minValidity}.`,
    },
  ],
};
