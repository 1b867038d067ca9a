import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';

export interface StaffMemberDetails {
  staffId: string;
  fullName: string;
  role: string;
  agency: string;
  /** Holds the qualification for the role (unqualified staff are the first to ask for training). */
  qualified: boolean;
  hiredAt: string;
}

export type RegisterStaffMember = { type: 'RegisterStaffMember' } & StaffMemberDetails;
export type StaffMemberRegistered = DomainEvent<'StaffMemberRegistered', StaffMemberDetails>;

export type StaffCommand = RegisterStaffMember;
export type StaffEvent = StaffMemberRegistered;
export interface StaffState {
  registered: boolean;
}

export const staffMemberDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  initialState: () => ({ registered: false }),
  evolve: (state, event) => (event.type === 'StaffMemberRegistered' ? { registered: true } : state),
  decide: ({ type: _type, ...details }, state) => {
    ensure(!state.registered, 'staff-member-registered-once', 'A staff member with this id is already registered');
    return [{ type: 'StaffMemberRegistered', data: details }];
  },
};
