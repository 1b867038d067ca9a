import type { ChangeKind } from './client.events.js';

const what: Record<ChangeKind, string> = {
  address_change: 'votre changement d’adresse',
  absence: 'votre absence',
  hospitalisation: 'votre hospitalisation',
  death: 'le décès de la personne aidée',
  needs_change: 'l’évolution de vos besoins',
  school_entry: 'l’entrée à l’école de votre enfant',
  other: 'le changement de votre situation',
};

const frenchDate = (date: string) => date.slice(0, 10).split('-').reverse().join('/');

/**
 * The standard acknowledgement receipt (accusé de réception) sent to the client, in French as
 * the clients read it. It names no person: the client file holds who it is sent to.
 */
export function acknowledgementReceipt(change: { kind: ChangeKind; reportedAt: string; effectiveFrom: string; effectiveUntil?: string }, acknowledgedAt: string): string {
  const period = change.effectiveUntil ? `du ${frenchDate(change.effectiveFrom)} au ${frenchDate(change.effectiveUntil)}` : `à compter du ${frenchDate(change.effectiveFrom)}`;
  return [
    'Madame, Monsieur,',
    `Nous accusons réception, le ${frenchDate(acknowledgedAt)}, de votre signalement du ${frenchDate(change.reportedAt)} concernant ${what[change.kind]}, ${period}.`,
    'Votre dossier est mis à jour ; votre responsable de secteur adapte votre contrat, vos interventions et votre planning et revient vers vous si nécessaire.',
    'Nous restons à votre écoute pour toute question.',
  ].join('\n');
}
