import { complaintFigures } from '../../src/complaints/complaint.figures.js';
import type { ComplaintEvent } from '../../src/complaints/complaint.events.js';
import { complaintProjector } from '../../src/complaints/complaint.projector.js';
import { project } from './project.js';

/**
 * A year of complaints worked out by hand. Default policy: acknowledgement within 2 working days
 * (Monday-Friday), answer within 15 calendar days. Figures judged on today = 2026-04-20.
 *
 * | id | received        | category    | ack due | ack            | answer due | first answer    | closed / reopened          | actions                       |
 * |----|-----------------|-------------|---------|----------------|------------|-----------------|----------------------------|-------------------------------|
 * | A  | Mon 03-02       | punctuality | Wed 03-04 | 03-03 in time  | 03-17 | 03-10 in time   | closed 03-12, reopened 03-20, answered 03-25, closed 03-26 | a1 completed, effective |
 * | B  | Fri 03-06       | punctuality | Tue 03-10 | 03-11 late     | 03-21 | 03-25 late      | closed 03-27               | b1 completed, not effective; b2 completed, effective |
 * | C  | Wed 03-11       | behaviour   | Fri 03-13 | by the answer 03-13, in time | 03-26 | 03-13 in time | closed 03-14 | — |
 * | D  | Thu 04-02       | billing     | Mon 04-06 | none: late on 04-20 | 04-17 | none: late on 04-20 | — | d1 open |
 * | E  | Fri 04-17       | punctuality | Tue 04-21 | none, still pending | 05-02 | none, pending | — | — |
 * | F  | Mon 04-13       | behaviour   | Wed 04-15 | 04-15 in time (on the due day) | 04-28 | none, pending | — | — |
 */
const L = (complaintId: string, receivedAt: string, category: string, acknowledgeBy: string, answerBy: string): ComplaintEvent => ({
  type: 'ComplaintLogged',
  data: { complaintId, receivedAt, channel: 'phone', source: 'client', category, description: '…', acknowledgeBy, answerBy },
});
const ack = (complaintId: string, at: string): ComplaintEvent => ({ type: 'ComplaintAcknowledged', data: { complaintId, at, by: 'rq' } });
const answer = (complaintId: string, at: string): ComplaintEvent => ({ type: 'ComplaintResponded', data: { complaintId, at, by: 'rq', response: '…' } });
const close = (complaintId: string, at: string): ComplaintEvent => ({ type: 'ComplaintClosed', data: { complaintId, at } });
const link = (complaintId: string, actionId: string): ComplaintEvent => ({
  type: 'ComplaintActionLinked',
  data: { complaintId, actionId, kind: 'corrective', description: '…', owner: 'rs', dueDate: '2026-06-30', openedAt: '2026-03-20' },
});
const done = (complaintId: string, actionId: string, effective: boolean): ComplaintEvent => ({
  type: 'ComplaintActionCompleted',
  data: { complaintId, actionId, at: '2026-04-01', effective },
});

const events: ComplaintEvent[] = [
  L('A', '2026-03-02', 'punctuality', '2026-03-04', '2026-03-17'),
  ack('A', '2026-03-03'),
  answer('A', '2026-03-10'),
  close('A', '2026-03-12'),
  L('B', '2026-03-06T09:15:00+01:00', 'punctuality', '2026-03-10', '2026-03-21'),
  ack('B', '2026-03-11'),
  L('C', '2026-03-11', 'behaviour', '2026-03-13', '2026-03-26'),
  answer('C', '2026-03-13'),
  close('C', '2026-03-14'),
  { type: 'ComplaintReopened', data: { complaintId: 'A', at: '2026-03-20', reason: 'not satisfied', answerBy: '2026-04-04' } },
  link('A', 'a1'),
  link('B', 'b1'),
  link('B', 'b2'),
  answer('B', '2026-03-25'),
  answer('A', '2026-03-25'),
  done('A', 'a1', true),
  close('A', '2026-03-26'),
  done('B', 'b1', false),
  done('B', 'b2', true),
  close('B', '2026-03-27'),
  L('D', '2026-04-02', 'billing', '2026-04-06', '2026-04-17'),
  link('D', 'd1'),
  L('F', '2026-04-13', 'behaviour', '2026-04-15', '2026-04-28'),
  ack('F', '2026-04-15'),
  L('E', '2026-04-17', 'punctuality', '2026-04-21', '2026-05-02'),
];

describe('Yearly complaint figures (bilan annuel des réclamations)', () => {
  const docs = [...project(complaintProjector, events).values()];
  const figures = complaintFigures(docs, { year: 2026, today: '2026-04-20' });

  it('counts the complaints, by category (most frequent first)', () => {
    // A, B, C, D, E, F = 6; punctuality A B E = 3, behaviour C F = 2, billing D = 1.
    expect(figures.count).toBe(6);
    expect(figures.byCategory).toEqual([
      { category: 'punctuality', count: 3 },
      { category: 'behaviour', count: 2 },
      { category: 'billing', count: 1 },
    ]);
  });

  it('acknowledged in time: out of the acknowledgements done or already late', () => {
    // Settled on 04-20: A (met), B (late), C (met, by its answer), D (due 04-06, none: late), F (met on the due day) = 5.
    // E is due 04-21: still pending, left out. Met: A, C, F = 3. 3 / 5 = 60 %.
    expect(figures.acknowledgedInTime).toEqual({ numerator: 3, denominator: 5, percent: 60 });
  });

  it('answered in time: the first answer, out of the answers given or already late', () => {
    // Settled: A (first answer 03-10 ≤ 03-17: met; its second answer after reopening does not count), B (03-25 > 03-21: late),
    // C (met), D (due 04-17, none: late) = 4. E (05-02) and F (04-28) pending, left out. Met: A, C = 2. 2 / 4 = 50 %.
    expect(figures.answeredInTime).toEqual({ numerator: 2, denominator: 4, percent: 50 });
  });

  it('reopen rate: reopened out of closed at least once', () => {
    // Closed at least once: A, B, C = 3. Reopened: A = 1. 1 / 3 = 33.3 %.
    expect(figures.reopened).toEqual({ numerator: 1, denominator: 3, percent: 33.3 });
  });

  it('actions effective: effective out of completed', () => {
    // Opened: a1, b1, b2, d1 = 4. Completed: a1, b1, b2 = 3. Effective: a1, b2 = 2. 2 / 3 = 66.7 %.
    expect(figures.actions).toEqual({ opened: 4, completed: 3, effective: { numerator: 2, denominator: 3, percent: 66.7 } });
  });

  it('says there is nothing to count rather than 0 %', () => {
    expect(complaintFigures([], { year: 2025, today: '2026-04-20' })).toMatchObject({
      count: 0,
      byCategory: [],
      acknowledgedInTime: { numerator: 0, denominator: 0, percent: null },
      reopened: { percent: null },
      actions: { opened: 0, effective: { percent: null } },
    });
  });
});
