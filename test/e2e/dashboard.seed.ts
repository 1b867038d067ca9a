/**
 * A small organisation recorded through the HTTP API, as integrations would send it, for the
 * dashboard's end-to-end test: two agencies, staff and payroll over two years, clients with
 * contracts, changes of situation, visits and cards, complaints and an action, two surveys.
 * Dates are in this year (and the year before, for the charts), so the dashboard's default year
 * has data whenever the test runs.
 */

export interface SeedKeys {
  integration: string;
  quality: string;
}

export interface Seeded {
  year: number;
  /** The contract that was validated, then signed later: its status depends on the instant asked. */
  contractId: string;
  clientId: string;
  /** Recorded after the validation and before the signature. */
  betweenValidationAndSignature: string;
  signatureRecordedAt: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function seedOrganisation(baseUrl: string, keys: SeedKeys): Promise<Seeded> {
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${keys.integration}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; position: number };
  };
  const post = (path: string, body: unknown) => send('POST', path, body);
  const Y = new Date().getUTCFullYear();
  const prev = Y - 1;
  const today = new Date().toISOString().slice(0, 10);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  // Staff, payroll and training: the first two indicators.
  await post('/staff', { staffId: 's-anne', fullName: 'Anne Petit', role: 'home_help', agency: 'lyon', qualified: false, hiredAt: `${Y - 3}-01-01` });
  await post('/staff', { staffId: 's-marc', fullName: 'Marc Roux', role: 'home_help', agency: 'villeurbanne', qualified: true, hiredAt: `${Y - 3}-01-01` });
  await post('/payroll', { year: prev, agency: 'lyon', amount: 200_000 });
  await post('/payroll', { year: prev, agency: 'villeurbanne', amount: 140_000 });
  await post('/payroll', { year: Y, agency: 'lyon', amount: 210_000 });
  await post('/payroll', { year: Y, agency: 'villeurbanne', amount: 150_000 });
  await post('/staff/s-anne/training-requests', { requestId: 'tr-0', topic: 'Bientraitance', requestedAt: `${prev}-02-01`, origin: 'annual_interview' });
  await post('/staff/s-anne/trainings', { title: 'Bientraitance', date: `${prev}-03-10`, hours: 14, cost: 4000, requestId: 'tr-0' });
  await post('/staff/s-anne/training-requests', { requestId: 'tr-1', topic: 'Gestes et postures', requestedAt: `${Y}-01-20`, origin: 'annual_interview' });
  await post('/staff/s-anne/training-requests', { requestId: 'tr-2', topic: 'Alzheimer', requestedAt: `${Y}-01-21`, origin: 'other' });
  await post('/staff/s-anne/trainings', { title: 'Gestes et postures', date: `${Y}-02-15`, hours: 7, cost: 2500, requestId: 'tr-1' });
  await post('/staff/s-marc/training-requests', { requestId: 'tr-3', topic: 'Premiers secours', requestedAt: `${Y}-01-10`, origin: 'annual_interview' });
  await post('/staff/s-marc/trainings', { title: 'Premiers secours', date: `${Y}-02-01`, hours: 7, cost: 3000, requestId: 'tr-3' });

  // Clients, and what happens to them during the year.
  await post('/clients', { clientId: 'c-martin', fullName: 'Jeanne Martin', birthDate: '1941-05-02', address: '3 rue des Lilas, 69003 Lyon', agency: 'lyon', dependent: true, wantsSecondVisit: true });
  await post('/clients', { clientId: 'c-durand', fullName: 'Paul Durand', address: '8 quai Perrache, 69002 Lyon', agency: 'lyon', dependent: false, wantsSecondVisit: true });
  await post('/clients', { clientId: 'c-bernard', fullName: 'Lucie Bernard', birthDate: '1938-03-14', address: '12 cours Émile Zola, 69100 Villeurbanne', agency: 'villeurbanne', dependent: true, wantsSecondVisit: false });
  await post('/clients/c-martin/follow-up-visits', { visitedAt: `${Y}-02-03`, by: 'RS Lyon' });
  await post('/clients/c-martin/follow-up-visits', { visitedAt: `${Y}-09-15`, by: 'RS Lyon' });
  await post('/clients/c-durand/follow-up-visits', { visitedAt: `${Y}-03-01`, by: 'RS Lyon' });
  await post('/clients/c-martin/birthday-cards', { sentAt: `${Y}-04-28` });
  await post('/clients/c-martin/changes-of-situation', {
    changeId: 'ch-holidays', kind: 'absence', channel: 'phone', reportedAt: `${Y}-06-01`, effectiveFrom: `${Y}-07-15`, effectiveUntil: `${Y}-07-30`, urgent: false,
  });
  await post('/clients/c-martin/changes-of-situation/ch-holidays/acknowledge', { acknowledgedAt: `${Y}-06-02`, by: 'RS Lyon' });
  await post('/clients/c-durand/changes-of-situation', {
    changeId: 'ch-late', kind: 'absence', channel: 'voicemail', reportedAt: `${Y}-07-20`, effectiveFrom: `${Y}-08-01`, effectiveUntil: `${Y}-08-15`, urgent: false,
  });
  await post('/clients/c-bernard/replacement-requests', { requestId: 'rr-1', requestedAt: `${Y}-05-02` });
  await post('/clients/c-martin/replacement-requests', { requestId: 'rr-2', requestedAt: `${Y}-05-03` });
  await post('/clients/c-martin/replacement-requests/rr-2/propose', { proposedAt: `${Y}-05-04`, replacementStaffId: 's-anne' });
  await post('/quality-meetings', { meetingId: 'm-1', heldAt: `${Y}-03-10`, kind: 'field_staff', participants: ['RQ', 'RS Lyon', 'RS Villeurbanne'] });
  await post('/newsletters', { publishedAt: `${prev}-03-01`, title: 'Entre nous n°1' });
  await post('/newsletters', { publishedAt: `${prev}-10-01`, title: 'Entre nous n°2' });
  await post('/newsletters', { publishedAt: `${Y}-03-01`, title: 'Entre nous n°3' });

  // Contracts: one validated then signed (later, so that the instant asked matters), one draft, one awaiting signature.
  const startDate = `${Y}-01-05`;
  await post('/contracts', {
    contractId: 'k-martin', clientId: 'c-martin', service: 'aide ménagère', schedule: [{ day: 'monday', start: '09:00', end: '11:00' }],
    startDate, endDate: inDays(20), tacitRenewal: true, paymentMode: 'direct_debit', quoteRef: 'Q-1',
  });
  await post('/contracts/k-martin/validate', { validatedAt: startDate, validatedBy: 'RQ' });
  // The signature comes more than a second later: an instant picked to the second falls in between.
  await pause(1100);
  const betweenValidationAndSignature = new Date(Date.now() - 50).toISOString();
  await pause(1100);
  await post('/contracts/k-martin/sign', { signedAt: startDate, signedBy: 'Jeanne Martin' });
  const signatureRecordedAt = new Date().toISOString();
  await post('/contracts', {
    contractId: 'k-durand', clientId: 'c-durand', service: 'aide à la toilette', schedule: [{ day: 'tuesday', start: '08:00', end: '09:00' }],
    startDate: today, tacitRenewal: false, paymentMode: 'cheque',
  });
  await post('/contracts', {
    contractId: 'k-bernard', clientId: 'c-bernard', service: 'portage de repas', schedule: [{ day: 'friday', start: '12:00', end: '12:30' }],
    startDate: today, endDate: `${Y + 1}-06-30`, tacitRenewal: false, paymentMode: 'direct_debit',
  });
  await post('/contracts/k-bernard/validate', { validatedAt: today, validatedBy: 'RQ' });

  // Complaints and an improvement action.
  await post('/complaints', { complaintId: 'cp-1', clientId: 'c-durand', receivedAt: today, channel: 'phone', source: 'family', category: 'punctuality', description: 'Intervenante arrivée en retard' });
  await post('/complaints', { complaintId: 'cp-2', clientId: 'c-martin', receivedAt: `${Y}-02-10`, channel: 'email', source: 'client', category: 'quality', description: 'Ménage incomplet' });
  await post('/complaints/cp-2/acknowledge', { at: `${Y}-02-11`, by: 'RQ' });
  await post('/complaints/cp-2/respond', { at: `${Y}-02-20`, by: 'RQ', response: 'Point fait avec l’intervenante' });
  await post('/complaints/cp-2/actions', { actionId: 'a-1', kind: 'corrective', description: 'Fiche de tâches au domicile', owner: 'RS Lyon', openedAt: `${Y}-02-20`, dueDate: `${Y}-03-31` });

  // Surveys: Lyon representative, Villeurbanne not (too few answers).
  const questions = [
    { questionId: 'q1', theme: 'reception', text: 'Accueil téléphonique' },
    { questionId: 'q2', theme: 'handling', text: 'Qualité de la prestation' },
    { questionId: 'q3', theme: 'follow_up', text: 'Suivi par le responsable de secteur' },
  ];
  await post('/surveys', { surveyId: 'sv-lyon', year: Y, agency: 'lyon', invited: 80, questions });
  await post('/surveys', { surveyId: 'sv-villeurbanne', year: Y, agency: 'villeurbanne', invited: 60, questions });
  for (let i = 0; i < 32; i++) {
    await post('/surveys/sv-lyon/responses', { answers: [{ questionId: 'q1', score: 3 + (i % 3) }, { questionId: 'q2', score: 4 + (i % 2) }, { questionId: 'q3', score: 2 + (i % 4) }] });
  }
  for (let i = 0; i < 8; i++) {
    await post('/surveys/sv-villeurbanne/responses', { answers: [{ questionId: 'q1', score: 2 + (i % 3) }, { questionId: 'q2', score: 3 + (i % 3) }] });
  }
  return { year: Y, contractId: 'k-martin', clientId: 'c-martin', betweenValidationAndSignature, signatureRecordedAt };
}
