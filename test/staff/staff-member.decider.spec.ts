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
