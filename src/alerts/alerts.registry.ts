import { Injectable } from '@nestjs/common';
import type { Alert, AlertSource } from './alert.js';

/** Domain modules register their alert sources at start; `GET /alerts` asks them all. */
@Injectable()
export class AlertsRegistry {
  private readonly sources: AlertSource[] = [];

  register(source: AlertSource): void {
    this.sources.push(source);
  }

  /** Every source's alerts, by due date then kind (in `localeCompare`'s order), each source's own order kept on ties. */
  async alerts(query: { agency?: string; today: string }): Promise<Alert[]> {
    const all = (await Promise.all(this.sources.map((s) => s.alerts(query)))).flat();
    return all.sort((a, b) => compareText(a.due, b.due) || compareText(a.kind, b.kind));
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WORD = /^[a-z_]+$/;

/**
 * `a.localeCompare(b)`, without the collator where the plain order of the characters is the
 * same: two calendar dates, or two words of lower-case letters and underscores (what alerts' due
 * dates and kinds are). Thousands of alerts sort in a few milliseconds.
 */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if ((DAY.test(a) && DAY.test(b)) || (WORD.test(a) && WORD.test(b))) return a < b ? -1 : 1;
  return a.localeCompare(b);
}
