import type { Decider, DomainEvent } from '../shared/decider.js';
import { yearOf } from '../shared/dates.js';
import { AggregateNotFound, ensure } from '../shared/domain-errors.js';

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

/** Where a training request came from: the annual interview (entretien annuel) or elsewhere. */
export const TRAINING_REQUEST_ORIGINS = ['annual_interview', 'other'] as const;

/** Demande de formation. */
export interface TrainingRequest {
  requestId: string;
  topic: string;
  requestedAt: string;
  origin: (typeof TRAINING_REQUEST_ORIGINS)[number];
}

/** Formation réalisée: hours and cost (euros), and the request it fulfils when it answers one. */
export interface Training {
  trainingId: string;
  title: string;
  date: string;
  hours: number;
  cost: number;
  requestId?: string;
}

/** Entretien annuel (individuel). `notes` is free text about the person. */
export interface AnnualInterview {
  interviewId: string;
  heldAt: string;
  by: string;
  notes?: string;
}

type OfStaff<T> = { staffId: string } & T;

export type RegisterStaffMember = { type: 'RegisterStaffMember' } & StaffMemberDetails;
export type RecordStaffLeave = { type: 'RecordStaffLeave' } & OfStaff<StaffLeave>;
export type RequestTraining = { type: 'RequestTraining' } & OfStaff<TrainingRequest>;
export type RecordTraining = { type: 'RecordTraining' } & OfStaff<Training>;
export type RecordAnnualInterview = { type: 'RecordAnnualInterview' } & OfStaff<AnnualInterview>;

export type StaffMemberRegistered = DomainEvent<'StaffMemberRegistered', StaffMemberDetails>;
/** The usual worker is away: their clients are told, and may ask for a replacement. */
export type StaffLeaveRecorded = DomainEvent<'StaffLeaveRecorded', OfStaff<StaffLeave>>;
export type TrainingRequested = DomainEvent<'TrainingRequested', OfStaff<TrainingRequest>>;
export type TrainingRecorded = DomainEvent<'TrainingRecorded', OfStaff<Training>>;
export type AnnualInterviewRecorded = DomainEvent<'AnnualInterviewRecorded', OfStaff<AnnualInterview>>;

export type StaffCommand = RegisterStaffMember | RecordStaffLeave | RequestTraining | RecordTraining | RecordAnnualInterview;
export type StaffEvent = StaffMemberRegistered | StaffLeaveRecorded | TrainingRequested | TrainingRecorded | AnnualInterviewRecorded;
export interface StaffState {
  registered: boolean;
  hiredAt?: string;
  leaves: StaffLeave[];
  /** Training requests by id, with the training that fulfilled each. */
  requests: Record<string, { requestedAt: string; fulfilledBy?: string }>;
  trainingIds: string[];
  interviews: { interviewId: string; year: number }[];
}

export const staffMemberDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  initialState: () => ({ registered: false, leaves: [], requests: {}, trainingIds: [], interviews: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'StaffMemberRegistered':
        return { ...state, registered: true, hiredAt: event.data.hiredAt };
      case 'StaffLeaveRecorded': {
        const { staffId: _s, ...leave } = event.data;
        return { ...state, leaves: [...state.leaves, leave] };
      }
      case 'TrainingRequested':
        return { ...state, requests: { ...state.requests, [event.data.requestId]: { requestedAt: event.data.requestedAt } } };
      case 'TrainingRecorded': {
        const { trainingId, requestId } = event.data;
        const requests = requestId ? { ...state.requests, [requestId]: { ...state.requests[requestId], fulfilledBy: trainingId } } : state.requests;
        return { ...state, requests, trainingIds: [...state.trainingIds, trainingId] };
      }
      case 'AnnualInterviewRecorded':
        return { ...state, interviews: [...state.interviews, { interviewId: event.data.interviewId, year: yearOf(event.data.heldAt) }] };
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
      case 'RequestTraining': {
        notBeforeHiring(state, command.requestedAt);
        ensure(!state.requests[command.requestId], 'training-requested-once', `Training request ${command.requestId} is already recorded`);
        const { type: _type, ...data } = command;
        return [{ type: 'TrainingRequested', data }];
      }
      case 'RecordTraining': {
        notBeforeHiring(state, command.date);
        ensure(!state.trainingIds.includes(command.trainingId), 'training-recorded-once', `Training ${command.trainingId} is already recorded`);
        if (command.requestId) {
          const request = state.requests[command.requestId];
          // A request of another staff member is not in this stream: unknown here.
          if (!request) throw new AggregateNotFound('training request', command.requestId);
          ensure(!request.fulfilledBy, 'training-request-fulfilled-once', `Training ${request.fulfilledBy} already fulfilled this request`);
          ensure(command.date >= request.requestedAt, 'training-not-before-request', `The training was requested on ${request.requestedAt}`);
        }
        const { type: _type, ...data } = command;
        return [{ type: 'TrainingRecorded', data }];
      }
      case 'RecordAnnualInterview': {
        notBeforeHiring(state, command.heldAt);
        ensure(!state.interviews.some((i) => i.interviewId === command.interviewId), 'annual-interview-recorded-once', `Interview ${command.interviewId} is already recorded`);
        const year = yearOf(command.heldAt);
        ensure(!state.interviews.some((i) => i.year === year), 'annual-interview-once-a-year', `An annual interview is already recorded in ${year}`);
        const { type: _type, ...data } = command;
        return [{ type: 'AnnualInterviewRecorded', data }];
      }
    }
  },
};

/** Requests, trainings and interviews happen while the person works here: not before the hiring date. */
function notBeforeHiring(state: StaffState, date: string): void {
  ensure(state.registered, 'staff-member-must-exist', 'No staff member is registered under this id');
  ensure(date >= state.hiredAt!, 'not-before-hiring', `The staff member was hired on ${state.hiredAt}`);
}
