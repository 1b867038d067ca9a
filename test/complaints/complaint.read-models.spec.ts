import { actionAlerts, complaintAlerts } from '../../src/complaints/complaint.alerts.js';
import type { ActionEvent } from '../../src/complaints/action.events.js';
import { actionProjector } from '../../src/complaints/action.projector.js';
import type { ComplaintEvent } from '../../src/complaints/complaint.events.js';
import { complaintProjector } from '../../src/complaints/complaint.projector.js';
import type { QualityMeetingRecorded } from '../../src/quality/meeting.events.js';
import { project } from './project.js';

// Received Friday 03-06: acknowledgement due Tuesday 03-10, answer due 03-21.
const logged: ComplaintEvent = {
  type: 'ComplaintLogged',
  data: {
    complaintId: 'r-1',
    clientId: 'c-1',
    agency: 'lyon',
    receivedAt: '2026-03-06T16:30:00+01:00',
    channel: 'email',
    source: 'family',
    category: 'punctuality',
    description: 'Late visits',
    acknowledgeBy: '2026-03-10',
    answerBy: '2026-03-21',
  },
};
const meeting: QualityMeetingRecorded = {
  type: 'QualityMeetingRecorded',
  data: { meetingId: 'm-1', heldAt: '2026-03-24', kind: 'field_staff', participants: ['rq'], decisions: [], complaintIds: ['r-1'], actionIds: ['a-1'] },
};
const opened: ActionEvent = {
  type: 'ActionOpened',
  data: {
    actionId: 'a-1',
    kind: 'corrective',
    description: 'Review rounds',
    owner: 'rs-paul',
    dueDate: '2026-04-30',
    origin: { type: 'complaint', id: 'r-1' },
    openedAt: '2026-03-12',
    agency: 'lyon',
  },
};

describe('Complaint register read model', () => {
  it('times the acknowledgement and the answer against their deadlines', () => {
    const doc = project(complaintProjector, [
      logged,
      { type: 'ComplaintAcknowledged', data: { complaintId: 'r-1', at: '2026-03-11T08:00:00Z', by: 'rq' } },
      { type: 'ComplaintResponded', data: { complaintId: 'r-1', at: '2026-03-25', by: 'rq', response: 'Sorry' } },
    ]).get('r-1')!;
    // 03-06 → 03-11 is 5 days, after the 03-10 due date; 03-06 → 03-25 is 19 days, after 03-21.
    expect(doc.timings).toEqual({
      acknowledgement: { dueBy: '2026-03-10', doneOn: '2026-03-11', days: 5, met: false },
      answer: { dueBy: '2026-03-21', doneOn: '2026-03-25', days: 19, met: false },
    });
    expect(doc).toMatchObject({ status: 'answered', year: 2026, clientId: 'c-1', agency: 'lyon', acknowledgement: { by: 'rq' } });
    expect(doc.answerDueBy).toBeUndefined();
  });

  it('counts an answer given first as the acknowledgement, and keeps pending clocks open', () => {
    const pending = project(complaintProjector, [logged]).get('r-1')!;
    expect(pending.timings.acknowledgement).toEqual({ dueBy: '2026-03-10' });
    expect(pending.answerDueBy).toBe('2026-03-21');
    const answered = project(complaintProjector, [logged, { type: 'ComplaintResponded', data: { complaintId: 'r-1', at: '2026-03-09', by: 'rq', response: 'Done' } }]).get('r-1')!;
    expect(answered.timings.acknowledgement).toEqual({ dueBy: '2026-03-10', doneOn: '2026-03-09', days: 3, met: true });
  });

  it('lists its actions with their status, and the meetings that discussed it', () => {
    const doc = project(complaintProjector, [
      logged,
      { type: 'ComplaintActionLinked', data: { complaintId: 'r-1', actionId: 'a-1', kind: 'corrective', description: 'Review rounds', owner: 'rs-paul', dueDate: '2026-04-30', openedAt: '2026-03-12' } },
      { type: 'ComplaintActionLinked', data: { complaintId: 'r-1', actionId: 'a-2', kind: 'preventive', description: 'Train', owner: 'rq', dueDate: '2026-05-30', openedAt: '2026-03-12' } },
      { type: 'ComplaintActionCompleted', data: { complaintId: 'r-1', actionId: 'a-1', at: '2026-04-02', effective: true } },
      meeting,
    ]).get('r-1')!;
    expect(doc.actions.map((a) => [a.actionId, a.status, a.effective])).toEqual([
      ['a-1', 'completed', true],
      ['a-2', 'open', undefined],
    ]);
    expect(doc.openActions).toBe(1);
    expect(doc.meetings).toEqual([{ meetingId: 'm-1', heldAt: '2026-03-24', kind: 'field_staff' }]);
    expect(doc.revision).toBe(3);
  });

  it('after a reopening, waits for a new answer by the new due date', () => {
    const doc = project(complaintProjector, [
      logged,
      { type: 'ComplaintResponded', data: { complaintId: 'r-1', at: '2026-03-09', by: 'rq', response: 'Done' } },
      { type: 'ComplaintClosed', data: { complaintId: 'r-1', at: '2026-03-10' } },
      { type: 'ComplaintReopened', data: { complaintId: 'r-1', at: '2026-04-01', reason: 'Late again', answerBy: '2026-04-16' } },
    ]).get('r-1')!;
    expect(doc).toMatchObject({ status: 'reopened', closedAt: '2026-03-10', answerDueBy: '2026-04-16', reopenings: [{ at: '2026-04-01', reason: 'Late again' }] });
    expect(doc.timings.answer.met).toBe(true);
  });
});

describe('Actions read model', () => {
  it('has the shape other modules query: origin, status, dates, effectiveness', () => {
    const doc = project(actionProjector, [opened, meeting, { type: 'ActionCompleted', data: { actionId: 'a-1', at: '2026-04-10', effective: false } }]).get('a-1')!;
    expect(doc).toEqual({
      _id: 'a-1',
      ...opened.data,
      status: 'completed',
      completedAt: '2026-04-10',
      effective: false,
      meetings: [{ meetingId: 'm-1', heldAt: '2026-03-24', kind: 'field_staff' }],
      revision: 1,
      updatedAt: expect.any(String),
    });
    // The fields the surveys module relies on, by name.
    expect(doc).toMatchObject({ actionId: 'a-1', kind: 'corrective', description: 'Review rounds', owner: 'rs-paul', dueDate: '2026-04-30', openedAt: '2026-03-12' });
    expect(doc.origin).toEqual({ type: 'complaint', id: 'r-1' });
  });
});

describe('Complaint and action alerts', () => {
  const waiting = project(complaintProjector, [logged]).get('r-1')!;

  it('shows a complaint waiting for acknowledgement and answer: pending first, overdue after the due date', () => {
    expect(complaintAlerts([waiting], '2026-03-10')).toEqual([
      { kind: 'complaint_not_acknowledged', agency: 'lyon', ids: { complaintId: 'r-1', clientId: 'c-1' }, since: '2026-03-06', due: '2026-03-10', overdue: false },
      { kind: 'complaint_not_answered', agency: 'lyon', ids: { complaintId: 'r-1', clientId: 'c-1' }, since: '2026-03-06', due: '2026-03-21', overdue: false },
    ]);
    expect(complaintAlerts([waiting], '2026-03-22').map((a) => [a.kind, a.overdue])).toEqual([
      ['complaint_not_acknowledged', true],
      ['complaint_not_answered', true],
    ]);
  });

  it('shows an open action only once past its due date', () => {
    const action = project(actionProjector, [opened]).get('a-1')!;
    expect(actionAlerts([action], '2026-04-30')).toEqual([]);
    expect(actionAlerts([action], '2026-05-01')).toEqual([
      { kind: 'action_overdue', agency: 'lyon', ids: { actionId: 'a-1', complaintId: 'r-1' }, since: '2026-03-12', due: '2026-04-30', overdue: true },
    ]);
  });
});
