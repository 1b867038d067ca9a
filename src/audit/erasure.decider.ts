import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';

export type EraseClientPersonalData = { type: 'EraseClientPersonalData'; clientId: string; requestedAt: string; by: string };
/** GDPR erasure: the client's key is destroyed; the facts stay, the person is gone. */
export type ClientPersonalDataErased = DomainEvent<'ClientPersonalDataErased', { clientId: string; requestedAt: string; by: string }>;

export const erasureDecider: Decider<EraseClientPersonalData, ClientPersonalDataErased, { erased: boolean }> = {
  initialState: () => ({ erased: false }),
  evolve: () => ({ erased: true }),
  decide: ({ type: _type, ...data }, state) => {
    ensure(!state.erased, 'personal-data-erased-once', "This client's personal data was already erased");
    return [{ type: 'ClientPersonalDataErased', data }];
  },
};
