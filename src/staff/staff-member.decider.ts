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

export interface StaffLeave {
  leaveId: string;
  from: string;
  until: string;
  kind: string;
}

export type RegisterStaffMember = { type: 'RegisterStaffMember' } & StaffMemberDetails;
export type RecordStaffLeave = { type: 'RecordStaffLeave'; staffId: string } & StaffLeave;

export type StaffMemberRegistered = DomainEvent<'StaffMemberRegistered', StaffMemberDetails>;
/** The usual worker is away: their clients are told, and may ask for a replacement. */
export type StaffLeaveRecorded = DomainEvent<'StaffLeaveRecorded', { staffId: string } & StaffLeave>;

export type StaffCommand = RegisterStaffMember | RecordStaffLeave;
export type StaffEvent = StaffMemberRegistered | StaffLeaveRecorded;
export interface StaffState {
  registered: boolean;
  leaves: StaffLeave[];
}

export const staffMemberDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  initialState: () => ({ registered: false, leaves: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'StaffMemberRegistered':
        return { ...state, registered: true };
      case 'StaffLeaveRecorded': {
        const { staffId: _s, ...leave } = event.data;
        return { ...state, leaves: [...state.leaves, leave] };
      }
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterStaffMember': {
        ensure(!state.registered, 'staff-member-registered-once', 'A staff member with this id is already registered');
        const { type: _type, ...details } = command;
        return [{ type: 'StaffMemberRegistered', data: details }];
      }
      case 'RecordStaffLeave': {
        ensure(state.registered, 'staff-member-must-exist', 'No staff member is registered under this id');
        ensure(!state.leaves.some((l) => l.leaveId === command.leaveId), 'leave-recorded-once', `Leave ${command.leaveId} is already recorded`);
        const overlapping = state.leaves.find((l) => l.from <= command.until && command.from <= l.until);
        ensure(!overlapping, 'leave-periods-do-not-overlap', `Overlaps leave ${overlapping?.leaveId} (${overlapping?.from} to ${overlapping?.until})`);
        const { type: _type, ...data } = command;
        return [{ type: 'StaffLeaveRecorded', data }];
      }
    }
  },
};
