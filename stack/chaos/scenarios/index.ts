/**
 * The matrix, in the order it runs: each row leaves the stack healthy for the next. The API's rows
 * come before PostgreSQL's, whose DatabaseDown inhibits the API's HighErrorRate; the rows that stop
 * the pipeline itself come last.
 */
import type { Scenario } from '../scenario';
import { alertmanagerDown } from './alertmanager-down';
import { apiMetricsMissing } from './api-metrics-missing';
import { apiTargetDown } from './api-target-down';
import { deployFailsTwice } from './deploy-fails-twice';
import { errorBurst } from './error-burst';
import { exporterDown } from './exporter-down';
import { postgresUnreachable } from './postgres-unreachable';
import { prometheusDown } from './prometheus-down';
import { pushgatewayDown } from './pushgateway-down';
import { relayDown } from './relay-down';
import { telegramTokenRefused } from './telegram-token-refused';

export const scenarios: Scenario[] = [
  apiTargetDown,
  apiMetricsMissing,
  errorBurst,
  exporterDown,
  postgresUnreachable,
  pushgatewayDown,
  deployFailsTwice,
  relayDown,
  telegramTokenRefused,
  alertmanagerDown,
  prometheusDown,
];
