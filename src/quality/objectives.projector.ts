import type { Projector } from '../projections/projector.js';
import { type QualityObjective, type QualityObjectiveSet, objectiveId } from './objective.decider.js';

export type QualityObjectiveDocument = QualityObjective & { _id: string; setAt: string; setBy: string };

/** The quality objectives set per year and indicator (the catalogue's defaults apply to the others). */
export const objectivesProjector: Projector<QualityObjectiveDocument> = {
  name: 'quality-objectives.v1',
  collection: 'quality-objectives',
  handles: ['QualityObjectiveSet'],
  documentIds: (event) => [objectiveId(event.data as unknown as QualityObjectiveSet['data'])],
  evolve: (_doc, event) => {
    const objective = event.data as unknown as QualityObjectiveSet['data'];
    return { _id: objectiveId(objective), ...objective, setAt: event.metadata.recordedAt, setBy: event.metadata.actor.name ?? event.metadata.actor.id };
  },
};
