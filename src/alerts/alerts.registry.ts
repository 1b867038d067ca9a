import { Injectable } from '@nestjs/common';
import type { Alert, AlertSource } from './alert.js';

/** Domain modules register their alert sources at start; `GET /alerts` asks them all. */
@Injectable()
export class AlertsRegistry {
  private readonly sources: AlertSource[] = [];

  register(source: AlertSource): void {
    this.sources.push(source);
  }

  async alerts(query: { agency?: string; today: string }): Promise<Alert[]> {
    const all = (await Promise.all(this.sources.map((s) => s.alerts(query)))).flat();
    return all.sort((a, b) => a.due.localeCompare(b.due) || a.kind.localeCompare(b.kind));
  }
}
