/**
 * A service level objective as data, after Sloth's and Pyrra's specs: what is measured (the SLI, as good
 * and total events), how much of it must be good (the objective), over which window.
 */
import type { Duration } from '../rules/types';

/** Good and total events are counters: their increase over a window counts the events in it. */
export interface EventsSli {
  kind: 'events';
  /** Selector of the counter of every event (`http_requests_total{job="clicky-api"}`). */
  total: string;
  /** Selectors of the counters of the good ones among them (`...{status!~"5.."}`), added together. */
  good: readonly string[];
}

/** Requests under a latency threshold, from a classic histogram: the threshold must be one of its buckets. */
export interface LatencySli {
  kind: 'latency';
  /** The histogram's `_bucket` series. */
  bucket: string;
  /** Its matchers (`{ job: 'clicky-api' }`), without `le`. */
  matchers: Record<string, string>;
  /** The bucket's `le`, exactly as the exporter writes it ("2"). */
  le: string;
}

/** A 0/1 gauge such as blackbox's `probe_success`: each sample is one event, good when 1. */
export interface ProbeSli {
  kind: 'probes';
  selector: string;
}

export type Sli = EventsSli | LatencySli | ProbeSli;

export interface SloDefinition {
  /** kebab-case id: the `slo` label of every series and alert, and the dashboard row. */
  id: string;
  /** PascalCase: the alert name is `<name>BudgetBurn`, its runbook `docs/runbooks/<name>BudgetBurn.md`. */
  name: string;
  /** How people name it: "API availability". */
  title: string;
  /** What is failing, as the `service` label of other alerts names it (inhibitions compare it). */
  service: string;
  sli: Sli;
  /** Share of good events, 0..1 (0.995 = 99.5 %). */
  objective: number;
  /** The compliance window; 30d for every SLO here. */
  window: Duration;
  /** One sentence a person reads: what "good" means. */
  description: string;
}
