import type { ReadStore } from '../read-store/read-store.port.js';
import type { Alert, AlertSource } from './alert.js';

/** Alerts computed document by document from one collection, narrowed by a filter so only candidates are read. */
export class ReadModelAlertSource<D> implements AlertSource {
  constructor(
    private readonly reads: ReadStore,
    private readonly collection: string,
    private readonly candidates: (today: string) => Record<string, unknown>,
    private readonly alertsOf: (doc: D, today: string) => Alert[],
    /** For rules that need a personal field (a birthday): opens the documents first. */
    private readonly prepare: (docs: D[]) => Promise<D[]> = async (docs) => docs,
  ) {}

  async alerts({ agency, today }: { agency?: string; today: string }): Promise<Alert[]> {
    const filter = { ...this.candidates(today), ...(agency ? { agency } : {}) };
    const docs = await this.prepare((await this.reads.find(this.collection, filter)) as unknown as D[]);
    return docs.flatMap((doc) => this.alertsOf(doc, today));
  }
}
