import { dayOf } from '../http/schemas.js';
import type { Decider } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import { acknowledgementDue, answerDue, type DeadlinePolicy } from './complaint.deadlines.js';
import type { ComplaintActionLinked, ComplaintEvent, ComplaintLogged } from './complaint.events.js';

type Logged = ComplaintLogged['data'];

export type LogComplaint = { type: 'LogComplaint'; policy: DeadlinePolicy } & Omit<Logged, 'acknowledgeBy' | 'answerBy'>;
export type AcknowledgeComplaint = { type: 'AcknowledgeComplaint'; complaintId: string; at: string; by: string };
export type RespondToComplaint = { type: 'RespondToComplaint'; complaintId: string; at: string; by: string; response: string };
export type CloseComplaint = { type: 'CloseComplaint'; complaintId: string; at: string };
export type ReopenComplaint = { type: 'ReopenComplaint'; complaintId: string; at: string; reason: string; policy: DeadlinePolicy };
/** Sent by the action handler when an action is opened with this complaint as origin. */
export type LinkAction = { type: 'LinkAction' } & ComplaintActionLinked['data'];
/** Sent by the action handler once the action itself recorded its completion. */
export type RecordActionCompleted = { type: 'RecordActionCompleted'; complaintId: string; actionId: string; at: string; effective: boolean };

export type ComplaintCommand =
  | LogComplaint
  | AcknowledgeComplaint
  | RespondToComplaint
  | CloseComplaint
  | ReopenComplaint
  | LinkAction
  | RecordActionCompleted;

/**
 * received → acknowledged → answered → closed → reopened → answered → closed…
 * An answer given before any acknowledgement acknowledges the complaint too.
 */
export type ComplaintStatus = 'received' | 'acknowledged' | 'answered' | 'closed' | 'reopened';

export interface ComplaintState {
  status: ComplaintStatus | 'none';
  receivedOn?: string;
  acknowledgedOn?: string;
  /** Day of the latest answer, reopening and closing: later facts may not be dated before them. */
  answeredOn?: string;
  reopenedOn?: string;
  closedOn?: string;
  /** Actions opened for the complaint: open until their completion is recorded here. */
  actions: Record<string, 'open' | 'completed'>;
}

export const initialState = (): ComplaintState => ({ status: 'none', actions: {} });

export function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintLogged':
      return { ...state, status: 'received', receivedOn: dayOf(event.data.receivedAt) };
    case 'ComplaintAcknowledged':
      return { ...state, status: 'acknowledged', acknowledgedOn: dayOf(event.data.at) };
    case 'ComplaintResponded':
      return { ...state, status: 'answered', answeredOn: dayOf(event.data.at), acknowledgedOn: state.acknowledgedOn ?? dayOf(event.data.at) };
    case 'ComplaintClosed':
      return { ...state, status: 'closed', closedOn: dayOf(event.data.at) };
    case 'ComplaintReopened':
      return { ...state, status: 'reopened', reopenedOn: dayOf(event.data.at) };
    case 'ComplaintActionLinked':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: 'open' } };
    case 'ComplaintActionCompleted':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: 'completed' } };
  }
}

export function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  if (command.type !== 'LogComplaint') ensure(state.status !== 'none', 'complaint-must-exist', 'No complaint has been logged under this id');
  switch (command.type) {
    case 'LogComplaint': {
      ensure(state.status === 'none', 'complaint-logged-once', 'A complaint with this id is already logged');
      const { type: _type, policy, ...data } = command;
      return [
        {
          type: 'ComplaintLogged',
          data: { ...data, acknowledgeBy: acknowledgementDue(command.receivedAt, policy), answerBy: answerDue(command.receivedAt, policy) },
        },
      ];
    }
    case 'AcknowledgeComplaint':
      ensure(
        state.acknowledgedOn === undefined,
        'complaint-acknowledged-once',
        `The complaint was already acknowledged on ${state.acknowledgedOn} (an answer acknowledges it too)`,
      );
      ensure(notBefore(command.at, state.receivedOn), 'acknowledgement-not-before-receipt', `The complaint was received on ${state.receivedOn}`);
      return [{ type: 'ComplaintAcknowledged', data: { complaintId: command.complaintId, at: command.at, by: command.by } }];
    case 'RespondToComplaint':
      ensure(state.status !== 'closed', 'closed-complaint-not-answered', 'The complaint is closed: reopen it to answer again');
      ensure(state.status !== 'answered', 'complaint-answered-once', `The complaint was answered on ${state.answeredOn}: reopen it to answer again`);
      ensure(notBefore(command.at, state.receivedOn), 'answer-not-before-receipt', `The complaint was received on ${state.receivedOn}`);
      ensure(notBefore(command.at, state.acknowledgedOn), 'answer-not-before-acknowledgement', `The complaint was acknowledged on ${state.acknowledgedOn}`);
      ensure(notBefore(command.at, state.reopenedOn), 'answer-not-before-reopening', `The complaint was reopened on ${state.reopenedOn}`);
      return [{ type: 'ComplaintResponded', data: { complaintId: command.complaintId, at: command.at, by: command.by, response: command.response } }];
    case 'CloseComplaint': {
      ensure(state.status !== 'closed', 'complaint-closed-once', `The complaint was already closed on ${state.closedOn}`);
      ensure(state.status === 'answered', 'complaint-closes-only-once-answered', `A complaint closes only once answered; it is ${state.status}`);
      const open = openActions(state);
      ensure(open.length === 0, 'complaint-closes-only-without-open-action', `Actions still open for this complaint: ${open.join(', ')}`);
      ensure(notBefore(command.at, state.answeredOn), 'closing-not-before-answer', `The complaint was answered on ${state.answeredOn}`);
      return [{ type: 'ComplaintClosed', data: { complaintId: command.complaintId, at: command.at } }];
    }
    case 'ReopenComplaint':
      ensure(state.status === 'closed', 'complaint-reopened-only-when-closed', `Only a closed complaint can be reopened; it is ${state.status}`);
      ensure(notBefore(command.at, state.closedOn), 'reopening-not-before-closing', `The complaint was closed on ${state.closedOn}`);
      return [
        {
          type: 'ComplaintReopened',
          data: { complaintId: command.complaintId, at: command.at, reason: command.reason, answerBy: answerDue(command.at, command.policy) },
        },
      ];
    case 'LinkAction': {
      ensure(state.status !== 'closed', 'action-not-on-closed-complaint', 'The complaint is closed: reopen it before opening an action for it');
      ensure(!(command.actionId in state.actions), 'action-linked-once', `Action ${command.actionId} is already linked to this complaint`);
      ensure(notBefore(command.openedAt, state.receivedOn), 'action-not-before-complaint', `The complaint was received on ${state.receivedOn}`);
      const { type: _type, ...data } = command;
      return [{ type: 'ComplaintActionLinked', data }];
    }
    case 'RecordActionCompleted':
      ensure(command.actionId in state.actions, 'action-linked-to-complaint', `Action ${command.actionId} was not opened for this complaint`);
      ensure(state.actions[command.actionId] === 'open', 'action-completion-recorded-once', `Action ${command.actionId} is already completed`);
      return [
        { type: 'ComplaintActionCompleted', data: { complaintId: command.complaintId, actionId: command.actionId, at: command.at, effective: command.effective } },
      ];
  }
}

/** A fact dated on or after an earlier one (by day: the same day is fine, whatever the hours). */
const notBefore = (at: string, earlier: string | undefined) => earlier === undefined || dayOf(at) >= earlier;

export const openActions = (state: ComplaintState): string[] =>
  Object.entries(state.actions)
    .filter(([, status]) => status === 'open')
    .map(([actionId]) => actionId);

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = { decide, evolve, initialState };
