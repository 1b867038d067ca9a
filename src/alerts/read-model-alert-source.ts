import type { ReadStore } from '../read-store/read-store.port.js';
import type { Alert, AlertSource } from './alert.js';
import { DocumentAlerts } from './document-alerts.js';

/**
 * Alerts computed document by document from one collection, narrowed by a filter so only
 * candidates are read. Kept per document between answers: only the documents changed since the
 * previous answer are computed again (`DocumentAlerts`).
 */
export class ReadModelAlertSource<D> implements AlertSource {
  private readonly documents: DocumentAlerts<D>;

  constructor(
    reads: ReadStore,
    collection: string,
    candidates: (today: string) => Record<string, unknown>,
    alertsOf: (doc: D, today: string) => Alert[],
    /** For rules that need a personal field (a birthday): opens the documents first. */
    prepare: (docs: D[]) => Promise<D[]> = async (docs) => docs,
  ) {
    this.documents = new DocumentAlerts(reads, collection, candidates, alertsOf, prepare);
  }

  alerts(query: { agency?: string; today: string }): Promise<Alert[]> {
    return this.documents.alerts(query);
  }
}
