import { complaintProjector } from '../complaints/complaint.projector.js';
import { clientFileProjector } from '../continuity/client-file.projector.js';
import { contractStatusProjector } from '../contracts/contract-status.projector.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { publicView } from '../read-store/public-view.js';
import { fold } from './fold.js';

/** Which past: as recorded at an instant, or as true on a business date (as known now). */
export type StateView = { at: string } | { occurredAt: string };

const dayOf = (value: unknown) => String(value).slice(0, 10);

/**
 * The client's history as it stood at the instant `at`: the events in commit order up to the last
 * one recorded at or before it. `recordedAt` is stamped just before the commit, so across writers
 * it may be a few milliseconds out of step with the commit order; taking a prefix of that order
 * means the view is always a state the log really went through.
 */
export function recordedBy(history: readonly RecordedEvent[], at: string): RecordedEvent[] {
  const limit = Date.parse(at);
  let end = 0;
  history.forEach((event, index) => {
    if (Date.parse(String(event.metadata.recordedAt)) <= limit) end = index + 1;
  });
  return history.slice(0, end);
}

/**
 * The events true on `date` as known now: those whose business date (`occurredAt`, date part) is on
 * or before it, in commit order. An aggregate exists from its earliest dated fact: the first event
 * of a stream counts from the earliest business date in its stream (a draft dated on the contract's
 * start counts from its validation when that came earlier), and the client's registration, dated
 * when it was recorded, from the earliest business date in the whole history.
 */
export function trueOn(history: readonly RecordedEvent[], date: string): RecordedEvent[] {
  const earliestOf = new Map<string, string>();
  let earliest: string | undefined;
  for (const event of history) {
    const day = dayOf(event.metadata.occurredAt);
    const known = earliestOf.get(event.streamId);
    if (known === undefined || day < known) earliestOf.set(event.streamId, day);
    if (earliest === undefined || day < earliest) earliest = day;
  }
  const seen = new Set<string>();
  return history.filter((event) => {
    const first = !seen.has(event.streamId);
    seen.add(event.streamId);
    const counts = event.type === 'ClientRegistered' ? earliest! : first ? earliestOf.get(event.streamId)! : dayOf(event.metadata.occurredAt);
    return counts <= date;
  });
}

/** The earliest business date in a history: before it, the client is not yet in the business-time view. */
export const earliestBusinessDate = (history: readonly RecordedEvent[]): string | undefined =>
  history.map((event) => dayOf(event.metadata.occurredAt)).sort()[0];

/**
 * The client file, its contracts, open changes and complaints after the given events, folded with
 * the read models' own projectors; `undefined` when the events hold no registered client.
 */
export function clientStateOf(clientId: string, view: StateView, events: readonly RecordedEvent[]) {
  const { clients, contracts, complaints } = fold({ clients: clientFileProjector, contracts: contractStatusProjector, complaints: complaintProjector }, events);
  const client = clients.find((doc) => doc._id === clientId);
  if (!client) return undefined;
  return {
    clientId,
    ...view,
    asOfPosition: events[events.length - 1].position,
    client: publicView(client),
    contracts: contracts.map(publicView),
    openChanges: client.changes.filter((change) => client.openChanges.includes(change.changeId)),
    complaints: complaints.map(publicView),
  };
}
