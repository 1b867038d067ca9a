import { clientDecider } from '../../src/continuity/client.decider.js';
import type { ClientDetails, ClientEvent } from '../../src/continuity/client.events.js';
import { AggregateNotFound } from '../../src/shared/domain-errors.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(clientDecider);
const clientId = 'c-1';
const details: ClientDetails = {
  clientId,
  fullName: 'Jeanne Martin',
  birthDate: '1941-05-02',
  address: '3 rue des Lilas, 69003 Lyon',
  agency: 'lyon',
  dependent: true,
  wantsSecondVisit: true,
};
const registered: ClientEvent = { type: 'ClientRegistered', data: details };
const hospitalised: ClientEvent = {
  type: 'ChangeOfSituationReported',
  data: { clientId, changeId: 'ch-1', kind: 'hospitalisation', channel: 'phone', reportedAt: '2026-03-02', effectiveFrom: '2026-03-03', effectiveUntil: '2026-03-20', urgent: true },
};
const death: ClientEvent = {
  type: 'ChangeOfSituationReported',
  data: { clientId, changeId: 'ch-9', kind: 'death', channel: 'phone', reportedAt: '2026-04-02', effectiveFrom: '2026-04-01', urgent: true },
};
const requested: ClientEvent = { type: 'ReplacementRequested', data: { clientId, requestId: 'r-1', requestedAt: '2026-05-04', absentStaffId: 's-1' } };

describe('Client decider', () => {
  describe('registration', () => {
    it('registers a client with their file', () => spec.given([]).when({ type: 'RegisterClient', ...details }).then([registered]));
    it('registers a client once', () => spec.given([registered]).when({ type: 'RegisterClient', ...details }).thenRefusedBy('client-registered-once'));
  });

  describe('changes of situation', () => {
    it('records a reported change', () =>
      spec.given([registered]).when({ type: 'ReportChangeOfSituation', ...hospitalised.data }).then([hospitalised]));

    it('records a change once', () =>
      spec.given([registered, hospitalised]).when({ type: 'ReportChangeOfSituation', ...hospitalised.data }).thenRefusedBy('change-reported-once'));

    it('takes no new change after a death', () =>
      spec.given([registered, death]).when({ type: 'ReportChangeOfSituation', ...hospitalised.data }).thenRefusedBy('client-deceased'));

    it('acknowledges a change with the standard receipt', () => {
      const [event] = clientDecider.decide(
        { type: 'AcknowledgeChangeOfSituation', clientId, changeId: 'ch-1', acknowledgedAt: '2026-03-02', by: 'rs-anne' },
        [registered, hospitalised].reduce(clientDecider.evolve, clientDecider.initialState()),
      );
      expect(event).toMatchObject({ type: 'ChangeOfSituationAcknowledged', data: { changeId: 'ch-1', acknowledgedAt: '2026-03-02', by: 'rs-anne' } });
      const receipt = (event.data as { receiptText: string }).receiptText;
      expect(receipt).toContain('votre hospitalisation');
      expect(receipt).toContain('du 03/03/2026 au 20/03/2026');
      expect(receipt).toContain('signalement du 02/03/2026');
    });

    it('acknowledges a change once', () =>
      spec
        .given([registered, hospitalised, { type: 'ChangeOfSituationAcknowledged', data: { clientId, changeId: 'ch-1', acknowledgedAt: '2026-03-02', by: 'x', receiptText: '…' } }])
        .when({ type: 'AcknowledgeChangeOfSituation', clientId, changeId: 'ch-1', acknowledgedAt: '2026-03-03', by: 'y' })
        .thenRefusedBy('change-acknowledged-once'));

    it('does not acknowledge before the change was reported', () =>
      spec
        .given([registered, hospitalised])
        .when({ type: 'AcknowledgeChangeOfSituation', clientId, changeId: 'ch-1', acknowledgedAt: '2026-03-01', by: 'y' })
        .thenRefusedBy('acknowledgement-not-before-report'));

    it('does not know an unrecorded change', () => {
      const state = [registered].reduce(clientDecider.evolve, clientDecider.initialState());
      expect(() => clientDecider.decide({ type: 'AcknowledgeChangeOfSituation', clientId, changeId: 'nope', acknowledgedAt: '2026-03-01', by: 'y' }, state)).toThrow(AggregateNotFound);
    });

    it('applies a move to the file once', () => {
      const moved: ClientEvent = { type: 'ClientAddressChanged', data: { clientId, changeId: 'ch-2', newAddress: '1 quai Perrache, Lyon', effectiveFrom: '2026-06-01' } };
      spec.given([registered]).when({ type: 'ChangeClientAddress', ...moved.data }).then([moved]);
      spec.given([registered, moved]).when({ type: 'ChangeClientAddress', ...moved.data }).thenRefusedBy('address-change-applied-once');
    });
  });

  describe('replacements', () => {
    it('records a replacement request', () => spec.given([registered]).when({ type: 'RequestReplacement', ...requested.data }).then([requested]));

    it('records a request once', () => spec.given([registered, requested]).when({ type: 'RequestReplacement', ...requested.data }).thenRefusedBy('replacement-requested-once'));

    it('records the proposal made for a request', () =>
      spec
        .given([registered, requested])
        .when({ type: 'ProposeReplacement', clientId, requestId: 'r-1', proposedAt: '2026-05-04', replacementStaffId: 's-2' })
        .then([{ type: 'ReplacementProposed', data: { clientId, requestId: 'r-1', proposedAt: '2026-05-04', replacementStaffId: 's-2' } }]));

    it('proposes once per request', () =>
      spec
        .given([registered, requested, { type: 'ReplacementProposed', data: { clientId, requestId: 'r-1', proposedAt: '2026-05-04', replacementStaffId: 's-2' } }])
        .when({ type: 'ProposeReplacement', clientId, requestId: 'r-1', proposedAt: '2026-05-05', replacementStaffId: 's-3' })
        .thenRefusedBy('replacement-proposed-once'));

    it('does not propose before the request', () =>
      spec
        .given([registered, requested])
        .when({ type: 'ProposeReplacement', clientId, requestId: 'r-1', proposedAt: '2026-05-01', replacementStaffId: 's-2' })
        .thenRefusedBy('proposal-not-before-request'));
  });

  describe('preferences', () => {
    const stops: ClientEvent = { type: 'ClientPreferencesChanged', data: { clientId, effectiveFrom: '2026-06-01', wantsSecondVisit: false } };
    it('records that the client no longer wants a second visit', () =>
      spec.given([registered]).when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-06-01', wantsSecondVisit: false }).then([stops]));
    it('refuses a change that changes nothing on its date', () => {
      spec.given([registered]).when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-06-01', wantsSecondVisit: true, dependent: true }).thenRefusedBy('preferences-unchanged');
      spec.given([registered, stops]).when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-09-01', wantsSecondVisit: false }).thenRefusedBy('preferences-unchanged');
    });
    it('records a change back, and a change of the other field alone', () => {
      spec
        .given([registered, stops])
        .when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2027-01-01', wantsSecondVisit: true })
        .then([{ type: 'ClientPreferencesChanged', data: { clientId, effectiveFrom: '2027-01-01', wantsSecondVisit: true } }]);
      spec
        .given([registered, stops])
        .when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-06-01', dependent: false })
        .then([{ type: 'ClientPreferencesChanged', data: { clientId, effectiveFrom: '2026-06-01', dependent: false } }]);
    });
    it('records changes in the order they take effect', () =>
      spec.given([registered, stops]).when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-05-31', dependent: false }).thenRefusedBy('preferences-change-not-before-previous'));
    it('takes no change after a death', () =>
      spec.given([registered, death]).when({ type: 'ChangeClientPreferences', clientId, effectiveFrom: '2026-06-01', wantsSecondVisit: false }).thenRefusedBy('client-deceased'));
  });

  describe('visits and birthday cards', () => {
    const visit: ClientEvent = { type: 'FollowUpVisitRecorded', data: { clientId, visitId: 'v-1', visitedAt: '2026-02-10', by: 'rs-anne' } };
    it('records a follow-up visit', () => spec.given([registered]).when({ type: 'RecordFollowUpVisit', ...visit.data }).then([visit]));
    it('records a visit once', () => spec.given([registered, visit]).when({ type: 'RecordFollowUpVisit', ...visit.data }).thenRefusedBy('visit-recorded-once'));
    it('visits no deceased client', () => spec.given([registered, death]).when({ type: 'RecordFollowUpVisit', ...visit.data }).thenRefusedBy('client-deceased'));

    it('records a birthday card with its year', () =>
      spec
        .given([registered])
        .when({ type: 'RecordBirthdayCard', clientId, sentAt: '2026-04-28' })
        .then([{ type: 'BirthdayCardSent', data: { clientId, sentAt: '2026-04-28', year: 2026 } }]));

    it('sends one card a year, and one again the next year', () => {
      const sent: ClientEvent = { type: 'BirthdayCardSent', data: { clientId, sentAt: '2026-04-28', year: 2026 } };
      spec.given([registered, sent]).when({ type: 'RecordBirthdayCard', clientId, sentAt: '2026-05-02' }).thenRefusedBy('birthday-card-once-a-year');
      spec
        .given([registered, sent])
        .when({ type: 'RecordBirthdayCard', clientId, sentAt: '2027-04-27' })
        .then([{ type: 'BirthdayCardSent', data: { clientId, sentAt: '2027-04-27', year: 2027 } }]);
    });
  });
});
