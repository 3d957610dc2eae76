/** The SLOs, in the order the dashboard shows them (dashboards/slo-panels.ts numbers panels by it). */
import type { SloDefinition } from '../types';
import { alertDelivery } from './alert-delivery';
import { apiAvailability } from './api-availability';
import { apiLatency } from './api-latency';
import { publicUptime } from './public-uptime';

export const slos: SloDefinition[] = [apiAvailability, apiLatency, publicUptime, alertDelivery];
