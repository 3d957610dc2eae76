/** Prometheus watching itself (after prometheus-mixin's alerts.libsonnet). */
import { jobs, prometheusSelf as m } from '../metrics';
import { selector } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const t = thresholds.meta.prometheus;
const own = (metric: string) => selector(metric, { job: jobs.prometheus });

export const prometheus: RuleGroup = {
  name: 'clicky-meta-prometheus',
  rules: [
    {
      alert: 'PrometheusRuleEvaluationFailures',
      // A rule that fails to evaluate is an alert that cannot fire.
      expr: `increase(${own(m.ruleEvaluationFailures)}[${t.window}]) > 0`,
      for: t.ruleFailuresFor,
      severity: 'error',
      cooldown: '1h',
      summary: 'Prometheus fails to evaluate the rules of {{ $labels.rule_group }}',
      description:
        'Prometheus ({{ $labels.instance }}) failed {{ $value | printf "%.0f" }} rule evaluations of group ' +
        `{{ $labels.rule_group }} in the last ${t.window}: its alerts may not fire.`,
    },
    {
      alert: 'PrometheusNotConnectedToAlertmanagers',
      // Delivered only if Alertmanager comes back; the Watchdog's silence is what tells meanwhile.
      expr: `max_over_time(${own(m.alertmanagersDiscovered)}[${t.window}]) < 1`,
      for: t.notConnectedFor,
      severity: 'error',
      cooldown: '1h',
      summary: 'Prometheus is connected to no Alertmanager',
      description: `Prometheus ({{ $labels.instance }}) has known no Alertmanager for ${t.notConnectedFor}: no alert can be sent.`,
    },
    {
      alert: 'PrometheusErrorSendingAlerts',
      // min over the Alertmanagers: failing to reach every one of them, not one of a pair.
      expr:
        `min without (alertmanager) (rate(${own(m.notificationErrors)}[${t.window}]) / rate(${own(m.notificationsSent)}[${t.window}]))` +
        ` > ${t.maxSendErrorRatio}`,
      for: t.sendErrorsFor,
      severity: 'error',
      cooldown: '1h',
      summary: 'Prometheus fails to send alerts to Alertmanager',
      description:
        'Prometheus ({{ $labels.instance }}) failed to send {{ $value | humanizePercentage }} of its alerts ' +
        `to Alertmanager over ${t.window} (alerting above ${t.maxSendErrorRatio * 100}%).`,
    },
    {
      alert: 'PrometheusConfigReloadFailed',
      // Prometheus keeps the previous config: nothing stops, but the change is not applied.
      expr: `max_over_time(${own(m.configReloadSuccessful)}[${t.window}]) == 0`,
      for: t.reloadFailedFor,
      severity: 'warning',
      cooldown: '1h',
      summary: 'Prometheus could not load its configuration',
      description:
        `The last configuration reload of Prometheus ({{ $labels.instance }}) failed ${t.reloadFailedFor} ago or more: ` +
        'it runs the previous configuration.',
    },
  ],
};
