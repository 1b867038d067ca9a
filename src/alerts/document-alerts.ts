import { Query } from 'mingo';
import type { Doc, Filter, ReadStore } from '../read-store/read-store.port.js';
import type { Alert } from './alert.js';

/** Days whose alerts are kept (`?today=` lets a caller look at another day than today). */
const DAYS_KEPT = 3;

interface Entry {
  agency: unknown;
  alerts: Alert[];
}

/** One day's alerts of a collection, by document, and the position up to which changes are in. */
interface Day {
  position: number;
  entries: Map<string, Entry>;
}

/**
 * The alerts of one collection's documents, kept document by document: an answer computes again
 * only the documents stored since the previous one (the projection runner stamps every document
 * with the `_position` of its last event, so `{ _position: { $gt: p } }` finds them), and the
 * whole collection on a new day. What it answers is what computing every candidate anew gives:
 * the candidates are the documents matching `candidates(today)`, each one's alerts are
 * `alertsOf(prepare(docs), today)`.
 *
 * The read models it follows only ever replace their documents (none is removed but by a rebuild,
 * which an embedded store does with the service stopped; with MongoDB, the next day's
 * computation drops what a rebuild removed).
 */
export class DocumentAlerts<D> {
  private readonly days = new Map<string, Day>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reads: ReadStore,
    private readonly collection: string,
    private readonly candidates: (today: string) => Filter,
    private readonly alertsOf: (doc: D, today: string) => Alert[],
    /** For rules that need a personal field (a birthday): opens the documents first (copies, with the same `_id`). */
    private readonly prepare: (docs: D[]) => Promise<D[]> = async (docs) => docs,
  ) {}

  /** The day's alerts, of one agency's documents (`agency` field) or all. */
  alerts({ agency, today }: { agency?: string; today: string }): Promise<Alert[]> {
    // One refresh at a time: two at once would each compute the same changes.
    const answer = this.queue.then(() => this.refresh(today)).then((day) => this.answer(day, agency));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private answer(day: Day, agency: string | undefined): Alert[] {
    const alerts: Alert[] = [];
    for (const entry of day.entries.values()) {
      if (agency !== undefined && !sameAgency(entry.agency, agency)) continue;
      for (const alert of entry.alerts) alerts.push(alert);
    }
    return alerts;
  }

  private async refresh(today: string): Promise<Day> {
    const day = this.days.get(today);
    if (!day) return this.compute(today);
    const changed = (await this.reads.find(this.collection, { _position: { $gt: day.position } })) as (Doc & { _position: number })[];
    if (changed.length === 0) return day;
    const query = new Query(this.candidates(today));
    const wanted: Doc[] = [];
    for (const doc of changed) {
      day.position = Math.max(day.position, doc._position);
      if (query.test(doc)) wanted.push(doc);
      else day.entries.delete(doc._id);
    }
    await this.add(day, wanted, today);
    return day;
  }

  /** Every candidate, from the position the collection stands at. */
  private async compute(today: string): Promise<Day> {
    // The position first: a document stored while the candidates are read is read again next time.
    const [latest] = await this.reads.find(this.collection, {}, { sort: { _position: -1 }, limit: 1 });
    const position = typeof latest?._position === 'number' ? latest._position : 0;
    const day: Day = { position, entries: new Map() };
    await this.add(day, await this.reads.find(this.collection, this.candidates(today)), today);
    this.days.set(today, day);
    while (this.days.size > DAYS_KEPT) this.days.delete(this.days.keys().next().value!);
    return day;
  }

  private async add(day: Day, docs: Doc[], today: string): Promise<void> {
    if (docs.length === 0) return;
    const prepared = await this.prepare(docs as unknown as D[]);
    prepared.forEach((doc, i) => {
      const { _id, agency } = docs[i];
      day.entries.set(_id, { agency, alerts: this.alertsOf(doc, today) });
    });
  }
}

/** `{ agency }` as MongoDB (and mingo) match it, for the value a document had. */
function sameAgency(value: unknown, agency: string): boolean {
  if (typeof value === 'string' || value === undefined || value === null) return value === agency;
  return new Query({ agency }).test({ agency: value });
}
