import { clientDecider, type ClientDetails } from '../../src/continuity/client.decider.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(clientDecider);
const details: ClientDetails = {
  clientId: 'c-1',
  fullName: 'Jeanne Martin',
  birthDate: '1941-05-02',
  address: '3 rue des Lilas, 69003 Lyon',
  agency: 'lyon',
  dependent: true,
  wantsSecondVisit: true,
};

describe('Client decider', () => {
  it('registers a client with their file', () =>
    spec.given([]).when({ type: 'RegisterClient', ...details }).then([{ type: 'ClientRegistered', data: details }]));

  it('registers a client once', () =>
    spec.given([{ type: 'ClientRegistered', data: details }]).when({ type: 'RegisterClient', ...details }).thenRefusedBy('client-registered-once'));
});
