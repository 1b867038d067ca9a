import { complaintDecider, type LogComplaint } from '../../src/complaints/complaint.decider.js';
import { DEFAULT_DEADLINE_POLICY } from '../../src/complaints/complaint.deadlines.js';
import type { ComplaintEvent } from '../../src/complaints/complaint.events.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(complaintDecider);
const complaintId = 'r-1';
const policy = DEFAULT_DEADLINE_POLICY;

// Received on Friday 2026-03-06: acknowledgement due two working days later (Tuesday 10th), answer 15 days later (21st).
const log: LogComplaint = {
  type: 'LogComplaint',
  complaintId,
  clientId: 'c-1',
  agency: 'lyon',
  receivedAt: '2026-03-06T16:30:00+01:00',
  channel: 'phone',
  source: 'family',
  category: 'punctuality',
  description: 'The care worker came an hour late three times',
  policy,
};
const { type: _t, policy: _p, ...logged } = log;
const received: ComplaintEvent = { type: 'ComplaintLogged', data: { ...logged, acknowledgeBy: '2026-03-10', answerBy: '2026-03-21' } };
const acknowledged: ComplaintEvent = { type: 'ComplaintAcknowledged', data: { complaintId, at: '2026-03-09', by: 'rq-anne' } };
const answered: ComplaintEvent = { type: 'ComplaintResponded', data: { complaintId, at: '2026-03-16', by: 'rq-anne', response: 'Schedule changed' } };
const closed: ComplaintEvent = { type: 'ComplaintClosed', data: { complaintId, at: '2026-03-20' } };
const reopened: ComplaintEvent = { type: 'ComplaintReopened', data: { complaintId, at: '2026-04-01', reason: 'Late again', answerBy: '2026-04-16' } };
const linked: ComplaintEvent = {
  type: 'ComplaintActionLinked',
  data: { complaintId, actionId: 'a-1', kind: 'corrective', description: 'Review rounds', owner: 'rs-paul', dueDate: '2026-04-30', openedAt: '2026-03-12' },
};
const actionDone: ComplaintEvent = { type: 'ComplaintActionCompleted', data: { complaintId, actionId: 'a-1', at: '2026-03-18', effective: true } };

describe('Complaint decider (réclamation)', () => {
  describe('logging', () => {
    it('logs a complaint with the deadlines of the policy in force: 2 working days to acknowledge, 15 days to answer', () =>
      spec.given([]).when(log).then([received]));

    it('counts working days over a weekend only', () =>
      spec
        .given([])
        .when({ ...log, receivedAt: '2026-03-02', policy: { acknowledgeWorkingDays: 3, answerDays: 30 } })
        .then([{ type: 'ComplaintLogged', data: { ...logged, receivedAt: '2026-03-02', acknowledgeBy: '2026-03-05', answerBy: '2026-04-01' } }]));

    it('logs a complaint once', () => spec.given([received]).when(log).thenRefusedBy('complaint-logged-once'));

    it('refuses any other command on a complaint never logged', () =>
      spec.given([]).when({ type: 'AcknowledgeComplaint', ...acknowledged.data }).thenRefusedBy('complaint-must-exist'));
  });

  describe('acknowledgement (accusé de réception)', () => {
    it('acknowledges', () => spec.given([received]).when({ type: 'AcknowledgeComplaint', ...acknowledged.data }).then([acknowledged]));

    it('acknowledges once', () =>
      spec.given([received, acknowledged]).when({ type: 'AcknowledgeComplaint', ...acknowledged.data }).thenRefusedBy('complaint-acknowledged-once'));

    it('takes an answer given first as the acknowledgement', () =>
      spec.given([received, answered]).when({ type: 'AcknowledgeComplaint', ...acknowledged.data }).thenRefusedBy('complaint-acknowledged-once'));

    it('does not acknowledge before the complaint was received', () =>
      spec.given([received]).when({ type: 'AcknowledgeComplaint', complaintId, at: '2026-03-05', by: 'x' }).thenRefusedBy('acknowledgement-not-before-receipt'));
  });

  describe('answer (réponse systématique)', () => {
    const respond = { type: 'RespondToComplaint' as const, ...answered.data };

    it('answers an acknowledged complaint', () => spec.given([received, acknowledged]).when(respond).then([answered]));

    it('answers a complaint not yet acknowledged', () => spec.given([received]).when(respond).then([answered]));

    it('answers once until reopened', () => spec.given([received, answered]).when(respond).thenRefusedBy('complaint-answered-once'));

    it('does not answer a closed complaint', () => spec.given([received, answered, closed]).when(respond).thenRefusedBy('closed-complaint-not-answered'));

    it('answers again once reopened', () =>
      spec.given([received, answered, closed, reopened]).when({ ...respond, at: '2026-04-03' }).then([{ ...answered, data: { ...answered.data, at: '2026-04-03' } }]));

    it('does not answer before receipt, acknowledgement or reopening', () => {
      spec.given([received]).when({ ...respond, at: '2026-03-01' }).thenRefusedBy('answer-not-before-receipt');
      spec.given([received, acknowledged]).when({ ...respond, at: '2026-03-08' }).thenRefusedBy('answer-not-before-acknowledgement');
      spec.given([received, answered, closed, reopened]).when({ ...respond, at: '2026-03-31' }).thenRefusedBy('answer-not-before-reopening');
    });
  });

  describe('closing', () => {
    const close = { type: 'CloseComplaint' as const, ...closed.data };

    it('closes an answered complaint with no open action', () => spec.given([received, acknowledged, answered]).when(close).then([closed]));

    it('closes only once answered', () => {
      spec.given([received]).when(close).thenRefusedBy('complaint-closes-only-once-answered');
      spec.given([received, acknowledged]).when(close).thenRefusedBy('complaint-closes-only-once-answered');
      spec.given([received, answered, closed, reopened]).when({ ...close, at: '2026-04-02' }).thenRefusedBy('complaint-closes-only-once-answered');
    });

    it('closes only with no open action', () =>
      spec.given([received, linked, answered]).when(close).thenRefusedBy('complaint-closes-only-without-open-action'));

    it('closes once its actions are completed', () => spec.given([received, linked, answered, actionDone]).when(close).then([closed]));

    it('closes once', () => spec.given([received, answered, closed]).when(close).thenRefusedBy('complaint-closed-once'));

    it('does not close before the answer', () =>
      spec.given([received, answered]).when({ ...close, at: '2026-03-15' }).thenRefusedBy('closing-not-before-answer'));
  });

  describe('reopening', () => {
    const reopen = { type: 'ReopenComplaint' as const, complaintId, at: '2026-04-01', reason: 'Late again', policy };

    it('reopens a closed complaint, with a new answer due 15 days later', () => spec.given([received, answered, closed]).when(reopen).then([reopened]));

    it('reopens only a closed complaint', () => {
      spec.given([received, answered]).when(reopen).thenRefusedBy('complaint-reopened-only-when-closed');
      spec.given([received, answered, closed, reopened]).when(reopen).thenRefusedBy('complaint-reopened-only-when-closed');
    });

    it('does not reopen before the closing', () =>
      spec.given([received, answered, closed]).when({ ...reopen, at: '2026-03-19' }).thenRefusedBy('reopening-not-before-closing'));
  });

  describe('improvement actions opened for the complaint', () => {
    const link = { type: 'LinkAction' as const, ...linked.data };
    const complete = { type: 'RecordActionCompleted' as const, ...actionDone.data };

    it('records an action opened for the complaint', () => spec.given([received]).when(link).then([linked]));

    it('records an action on a reopened complaint', () => spec.given([received, answered, closed, reopened]).when({ ...link, openedAt: '2026-04-02' }).then([{ ...linked, data: { ...linked.data, openedAt: '2026-04-02' } }]));

    it('opens no action on a closed complaint', () => spec.given([received, answered, closed]).when(link).thenRefusedBy('action-not-on-closed-complaint'));

    it('links an action once', () => spec.given([received, linked]).when(link).thenRefusedBy('action-linked-once'));

    it('does not open an action before the complaint was received', () =>
      spec.given([received]).when({ ...link, openedAt: '2026-03-01' }).thenRefusedBy('action-not-before-complaint'));

    it('records the completion of a linked action, once', () => {
      spec.given([received, linked]).when(complete).then([actionDone]);
      spec.given([received, linked, actionDone]).when(complete).thenRefusedBy('action-completion-recorded-once');
    });

    it('records no completion for an action that is not the complaint’s', () =>
      spec.given([received]).when(complete).thenRefusedBy('action-linked-to-complaint'));
  });
});
