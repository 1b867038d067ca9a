import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';

// `any`: a projector's evolve takes its own document type, so projectors of different documents
// only fit one record through it; `Folded` gives each key back its own document type.
type AnyProjector = Projector<any>;

/** For each key, the documents its projector holds after the events, in the order they were first created. */
export type Folded<P extends Record<string, AnyProjector>> = { [K in keyof P]: P[K] extends Projector<infer D> ? D[] : never };

/**
 * What the projectors would hold after these events, computed in memory: each projector gets only
 * the events it handles, applied in the order given to the documents its `documentIds` names, as
 * the runner does, but with no read store, checkpoint or `_position`. Pure: the same events always
 * fold to the same documents. A projector that refuses an event (throws) makes the fold throw.
 */
export function fold<P extends Record<string, AnyProjector>>(projectors: P, events: Iterable<RecordedEvent>): Folded<P> {
  const lanes = Object.entries(projectors).map(([key, projector]) => ({
    key,
    projector,
    handles: projector.handles === '*' ? { has: () => true } : new Set(projector.handles),
    documents: new Map<string, { _id: string }>(),
  }));
  for (const event of events) {
    for (const { projector, handles, documents } of lanes) {
      if (!handles.has(event.type)) continue;
      for (const id of projector.documentIds(event)) {
        const next = projector.evolve(documents.get(id) ?? null, event);
        if (next) documents.set(id, next);
        else documents.delete(id);
      }
    }
  }
  return Object.fromEntries(lanes.map(({ key, documents }) => [key, [...documents.values()]])) as Folded<P>;
}
