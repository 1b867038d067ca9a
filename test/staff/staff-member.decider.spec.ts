import { staffMemberDecider, type StaffMemberDetails } from '../../src/staff/staff-member.decider.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(staffMemberDecider);
const details: StaffMemberDetails = { staffId: 's-1', fullName: 'Anne Petit', role: 'home_help', agency: 'lyon', qualified: false, hiredAt: '2024-09-01' };

describe('Staff member decider', () => {
  it('registers a staff member', () =>
    spec.given([]).when({ type: 'RegisterStaffMember', ...details }).then([{ type: 'StaffMemberRegistered', data: details }]));

  it('registers a staff member once', () =>
    spec
      .given([{ type: 'StaffMemberRegistered', data: details }])
      .when({ type: 'RegisterStaffMember', ...details })
      .thenRefusedBy('staff-member-registered-once'));
});
