import { AggregateNotFound } from '../../src/shared/domain-errors.js';
import { payrollDecider, type PayrollDeclared, payrollStream } from '../../src/staff/payroll.decider.js';
import { staffMemberDecider, type StaffEvent, type StaffMemberDetails } from '../../src/staff/staff-member.decider.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(staffMemberDecider);
const details: StaffMemberDetails = { staffId: 's-1', fullName: 'Anne Petit', role: 'home_help', agency: 'lyon', qualified: false, hiredAt: '2024-09-01' };
const registered: StaffEvent = { type: 'StaffMemberRegistered', data: details };
const leave: StaffEvent = { type: 'StaffLeaveRecorded', data: { staffId: 's-1', leaveId: 'l-1', from: '2026-07-01', until: '2026-07-21', kind: 'holidays' } };

describe('Staff member decider', () => {
  it('registers a staff member', () => spec.given([]).when({ type: 'RegisterStaffMember', ...details }).then([registered]));

  it('registers a staff member once', () => spec.given([registered]).when({ type: 'RegisterStaffMember', ...details }).thenRefusedBy('staff-member-registered-once'));

  it('records a leave', () => spec.given([registered]).when({ type: 'RecordStaffLeave', ...leave.data }).then([leave]));

  it('records a leave once', () => spec.given([registered, leave]).when({ type: 'RecordStaffLeave', ...leave.data }).thenRefusedBy('leave-recorded-once'));

  it('refuses a leave overlapping another', () =>
    spec
      .given([registered, leave])
      .when({ type: 'RecordStaffLeave', staffId: 's-1', leaveId: 'l-2', from: '2026-07-21', until: '2026-07-30', kind: 'holidays' })
      .thenRefusedBy('leave-periods-do-not-overlap'));

  it('records a leave right after another', () =>
    spec
      .given([registered, leave])
      .when({ type: 'RecordStaffLeave', staffId: 's-1', leaveId: 'l-2', from: '2026-07-22', until: '2026-07-30', kind: 'training' })
      .then([{ type: 'StaffLeaveRecorded', data: { staffId: 's-1', leaveId: 'l-2', from: '2026-07-22', until: '2026-07-30', kind: 'training' } }]));
});

describe('Staff member decider: training and annual interviews', () => {
  const request = { staffId: 's-1', requestId: 'tr-1', topic: 'Bientraitance', requestedAt: '2025-11-20', origin: 'annual_interview' as const };
  const requested: StaffEvent = { type: 'TrainingRequested', data: request };
  const training = { staffId: 's-1', trainingId: 't-1', title: 'Bientraitance (2 jours)', date: '2026-02-10', hours: 14, cost: 420, requestId: 'tr-1' };
  const trained: StaffEvent = { type: 'TrainingRecorded', data: training };
  const interview = { staffId: 's-1', interviewId: 'i-1', heldAt: '2025-11-20', by: 'RS Lyon' };
  const interviewed: StaffEvent = { type: 'AnnualInterviewRecorded', data: interview };

  it('records a training request', () => spec.given([registered]).when({ type: 'RequestTraining', ...request }).then([requested]));
  it('records a training request once', () => spec.given([registered, requested]).when({ type: 'RequestTraining', ...request }).thenRefusedBy('training-requested-once'));
  it('takes no request dated before the hiring', () =>
    spec.given([registered]).when({ type: 'RequestTraining', ...request, requestedAt: '2024-08-31' }).thenRefusedBy('not-before-hiring'));

  it('records a training that fulfils a request, the next year', () => spec.given([registered, requested]).when({ type: 'RecordTraining', ...training }).then([trained]));
  it('records a training with no request', () => {
    const { requestId: _, ...free } = training;
    spec.given([registered]).when({ type: 'RecordTraining', ...free }).then([{ type: 'TrainingRecorded', data: free }]);
  });
  it('records a training once', () => spec.given([registered, requested, trained]).when({ type: 'RecordTraining', ...training }).thenRefusedBy('training-recorded-once'));
  it('fulfils a request once', () =>
    spec.given([registered, requested, trained]).when({ type: 'RecordTraining', ...training, trainingId: 't-2' }).thenRefusedBy('training-request-fulfilled-once'));
  it('refuses a training dated before its request', () =>
    spec.given([registered, requested]).when({ type: 'RecordTraining', ...training, date: '2025-11-19' }).thenRefusedBy('training-not-before-request'));
  it('takes a training on the day of its request', () =>
    spec.given([registered, requested]).when({ type: 'RecordTraining', ...training, date: '2025-11-20' }).then([{ type: 'TrainingRecorded', data: { ...training, date: '2025-11-20' } }]));
  it('does not know a request of another staff member (404)', () => {
    const state = [registered].reduce(staffMemberDecider.evolve, staffMemberDecider.initialState());
    expect(() => staffMemberDecider.decide({ type: 'RecordTraining', ...training }, state)).toThrow(AggregateNotFound);
  });
  it('takes no training dated before the hiring', () =>
    spec.given([registered]).when({ type: 'RecordTraining', ...training, requestId: undefined, date: '2024-01-01' }).thenRefusedBy('not-before-hiring'));

  it('records an annual interview', () => spec.given([registered]).when({ type: 'RecordAnnualInterview', ...interview }).then([interviewed]));
  it('records an interview once', () => spec.given([registered, interviewed]).when({ type: 'RecordAnnualInterview', ...interview }).thenRefusedBy('annual-interview-recorded-once'));
  it('holds one annual interview a year, and one again the next year', () => {
    spec.given([registered, interviewed]).when({ type: 'RecordAnnualInterview', ...interview, interviewId: 'i-2', heldAt: '2025-12-15' }).thenRefusedBy('annual-interview-once-a-year');
    spec
      .given([registered, interviewed])
      .when({ type: 'RecordAnnualInterview', ...interview, interviewId: 'i-2', heldAt: '2026-11-15' })
      .then([{ type: 'AnnualInterviewRecorded', data: { ...interview, interviewId: 'i-2', heldAt: '2026-11-15' } }]);
  });
  it('takes no interview dated before the hiring', () =>
    spec.given([registered]).when({ type: 'RecordAnnualInterview', ...interview, heldAt: '2024-06-01' }).thenRefusedBy('not-before-hiring'));
});

describe('Payroll decider', () => {
  const payroll = specification(payrollDecider);
  const declared: PayrollDeclared = { type: 'PayrollDeclared', data: { year: 2026, agency: 'lyon', amount: 250_000 } };

  it('declares the payroll of a year for an agency', () => payroll.given([]).when({ type: 'DeclarePayroll', year: 2026, agency: 'lyon', amount: 250_000 }).then([declared]));
  it('declares the organisation-wide payroll', () =>
    payroll.given([]).when({ type: 'DeclarePayroll', year: 2026, amount: 900_000 }).then([{ type: 'PayrollDeclared', data: { year: 2026, amount: 900_000 } }]));
  it('replaces a declaration by a new one, keeping the previous amount in the fact', () =>
    payroll
      .given([declared])
      .when({ type: 'DeclarePayroll', year: 2026, agency: 'lyon', amount: 260_000 })
      .then([{ type: 'PayrollDeclared', data: { year: 2026, agency: 'lyon', amount: 260_000, previousAmount: 250_000 } }]));
  it('refuses a declaration that changes nothing', () =>
    payroll.given([declared]).when({ type: 'DeclarePayroll', year: 2026, agency: 'lyon', amount: 250_000 }).thenRefusedBy('payroll-unchanged'));
  it('names one stream per year and agency, the organisation apart', () => {
    expect(payrollStream({ year: 2026, agency: 'lyon' })).toBe('payroll-2026-lyon');
    expect(payrollStream({ year: 2026 })).toBe('payroll-2026');
  });
});
