import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { HeadsDigest } from './chain.js';

export type RecordSeal = { type: 'RecordSeal'; upTo: number; digest: HeadsDigest };
/** A digest of every stream head up to a position: removing or truncating a stream breaks it. */
export type AuditSealRecorded = DomainEvent<'AuditSealRecorded', { upTo: number; digest: HeadsDigest }>;

export const sealDecider: Decider<RecordSeal, AuditSealRecorded, { upTo: number }> = {
  initialState: () => ({ upTo: -1 }),
  evolve: (_state, event) => ({ upTo: event.data.upTo }),
  decide: ({ upTo, digest }, state) => {
    ensure(upTo > state.upTo, 'seal-moves-forward', `The last seal already covers the log up to ${state.upTo}`);
    return [{ type: 'AuditSealRecorded', data: { upTo, digest } }];
  },
};
