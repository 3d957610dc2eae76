/** What every renderer is given: the cache's view and the page's fixed settings. */
import type { View } from '../cache';

export interface PageSettings {
  /** The foundation's name, in the page's title and heading. */
  foundation: string;
  timeZone: string;
  /** After how long without an answer the data is called stale on the page (seconds). */
  staleAfterSeconds: number;
}

export interface RenderContext extends PageSettings {
  view: View;
}

/** The friendly name of a monitor in the snapshot, else its id. */
export function friendlyName(context: RenderContext, monitor: string): string {
  return context.view.snapshot?.monitors.find((m) => m.name === monitor)?.friendlyName ?? monitor;
}
