import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';

export interface ClientDetails {
  clientId: string;
  fullName: string;
  birthDate?: string;
  address: string;
  agency: string;
  /** A dependent person: gets a birthday card every year. */
  dependent: boolean;
  /** Asked for a second follow-up visit in the year. */
  wantsSecondVisit: boolean;
  /** The staff member in charge of following the client's contracts. */
  referentStaffId?: string;
}

export type RegisterClient = { type: 'RegisterClient' } & ClientDetails;
export type ClientRegistered = DomainEvent<'ClientRegistered', ClientDetails>;

export type ClientCommand = RegisterClient;
export type ClientEvent = ClientRegistered;
export interface ClientState {
  registered: boolean;
}

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  initialState: () => ({ registered: false }),
  evolve: (state, event) => (event.type === 'ClientRegistered' ? { registered: true } : state),
  decide: ({ type: _type, ...details }, state) => {
    ensure(!state.registered, 'client-registered-once', 'A client with this id is already registered');
    return [{ type: 'ClientRegistered', data: details }];
  },
};
