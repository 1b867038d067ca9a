import type { Projector } from '../projections/projector.js';
import { advanceDigest, emptyDigest, type HeadsDigest, SEAL_STREAM } from './chain.js';

export interface HeadsDigestDocument extends HeadsDigest {
  _id: 'heads';
  /** Position of the last chained event in the digest: what a seal made now covers. */
  upTo: number;
}

/** The running digest of every stream head, which the sealer records. One document. */
export const headsDigestProjector: Projector<HeadsDigestDocument> = {
  name: 'audit-heads-digest.v1',
  collection: 'audit-digest',
  handles: '*',
  documentIds: (event) => (typeof event.metadata.hash === 'string' && event.streamId !== SEAL_STREAM ? ['heads'] : []),
  evolve: (doc, event) => ({
    _id: 'heads',
    ...advanceDigest(doc ?? emptyDigest(), {
      streamId: event.streamId,
      revision: event.revision,
      hash: event.metadata.hash as string,
      prevHash: String(event.metadata.prevHash),
    }),
    upTo: event.position,
  }),
};
