/**
 * Threshold steps and value mappings. Numbers that an alert also compares against come from
 * alerting/rules/thresholds.ts at the call site, never typed here, so panel and alert turn red together.
 */
import { MappingType, type Threshold, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';

const GREEN = 'green';
const ORANGE = 'orange';
const RED = 'red';

/** Informational figures: one neutral colour, nothing to alarm anybody. */
export const neutral = (): Threshold[] => [{ value: null, color: 'blue' }];

/** Red from `limit` up (Grafana colours a step from its value, inclusive). */
export const redFrom = (limit: number): Threshold[] => [
  { value: null, color: GREEN },
  { value: limit, color: RED },
];

/** Orange from `warning`, red from `critical`. */
export const orangeRedFrom = (warning: number, critical: number): Threshold[] => [
  { value: null, color: GREEN },
  { value: warning, color: ORANGE },
  { value: critical, color: RED },
];

/** Low is bad: red below `orange`, orange below `green`, green from it up. */
export const greenFrom = (orange: number, green: number): Threshold[] => [
  { value: null, color: RED },
  { value: orange, color: ORANGE },
  { value: green, color: GREEN },
];

/** Red below `minimum`, green from it up (health: 1 is up, 0 is down). */
export const redBelow = (minimum: number): Threshold[] => [
  { value: null, color: RED },
  { value: minimum, color: GREEN },
];

/** 1 and 0 as words, coloured like the health they stand for. */
export const booleanText = (up: string, down: string): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: {
      '1': { text: up, color: GREEN, index: 0 },
      '0': { text: down, color: RED, index: 1 },
    },
  },
];

/** 1, 0.5 and 0 as OK, Degraded and Down: a status averaged over two checks. */
export const okDegradedDown = (): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: {
      '1': { text: 'OK', color: GREEN, index: 0 },
      '0.5': { text: 'Degraded', color: ORANGE, index: 1 },
      '0': { text: 'Down', color: RED, index: 2 },
    },
  },
];
