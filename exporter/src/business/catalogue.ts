/**
 * The built-in business metrics: every query, with its SQL beside the gauges it feeds, one file per
 * area in queries/. A deployment whose schema differs overrides queries by name with a YAML file
 * (queries-file.ts) instead of changing this code.
 */
import { auctionsQueries } from './queries/auctions';
import { bookingsQueries } from './queries/bookings';
import { donationsQueries } from './queries/donations';
import { equipmentQueries } from './queries/equipment';
import { usersQueries } from './queries/users';
import { wpSyncQueries } from './queries/wp-sync';
import type { BusinessQuery } from './query';

export interface CatalogueOptions {
  /** How many programs `clicky_donations_program_amount_idr` reports (1..100), default 10. */
  topPrograms?: number;
}

export const DEFAULT_TOP_PROGRAMS = 10;

export function builtinQueries(options: CatalogueOptions = {}): BusinessQuery[] {
  return [
    ...usersQueries,
    ...bookingsQueries,
    ...donationsQueries(options.topPrograms ?? DEFAULT_TOP_PROGRAMS),
    ...auctionsQueries,
    ...equipmentQueries,
    ...wpSyncQueries,
  ];
}
