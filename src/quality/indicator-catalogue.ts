/**
 * The eight indicators of the cooperative's quality objectives (seed 000, "OBJECTIFS QUALITE
 * 2016"), with the defaults of its table: target, owner (Resp.) and planned actions. Targets are
 * data: `SetQualityObjective` overrides them per year. Every target is a minimum (met when the
 * value reaches it). The exact rule of each indicator is in `docs/indicators.md`.
 */
export const INDICATOR_KEYS = [
  'training_payroll_share',
  'training_requests_satisfied',
  'second_visit_done',
  'absences_known_one_month_ahead',
  'replacement_proposed',
  'field_staff_meetings',
  'newsletters_published',
  'birthday_cards_sent',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** `percent`: a share, value in percent (0–100); `count`: a number of facts in the year. */
export type IndicatorKind = 'percent' | 'count';

export interface IndicatorDefinition {
  key: IndicatorKey;
  kind: IndicatorKind;
  /** English, then the seed's French wording. */
  label: string;
  target: number;
  owner: string | null;
  actions: string[];
}

const define = (key: IndicatorKey, kind: IndicatorKind, label: string, target: number, owner: string | null, actions: string[]): IndicatorDefinition => ({
  key,
  kind,
  label,
  target,
  owner,
  actions,
});

export const INDICATORS: Record<IndicatorKey, IndicatorDefinition> = {
  training_payroll_share: define(
    'training_payroll_share',
    'percent',
    'Share of payroll spent on training (% de la masse salariale consacré à la formation)',
    1.8,
    'RS, RQ',
    ['Le plan prévisionnel de formation est budgétisé à minima sur la base de 1,8 % de la masse salariale (recenser toutes les demandes de formation : liste des entretiens individuels)'],
  ),
  training_requests_satisfied: define(
    'training_requests_satisfied',
    'percent',
    'Training requests satisfied (% de satisfaction des demandes de formation)',
    80,
    'RS',
    ["Lors de l'entretien annuel, faire un point plus approfondi sur les demandes d'évolution du poste et donc les besoins en formation"],
  ),
  second_visit_done: define(
    'second_visit_done',
    'percent',
    'Clients wanting a second follow-up visit who got it (% de clients suivis 2 fois par an)',
    100,
    'RS, AQ',
    ['Après appel au client, planifier la 2ème visite sur le classeur "suivi client"'],
  ),
  absences_known_one_month_ahead: define(
    'absences_known_one_month_ahead',
    'percent',
    'Client absences known at least one month before departure (% des dates de congés clients connues 1 mois avant départ)',
    90,
    'RS',
    ['Journal "entre nous" : information sur notre besoin de connaître les dates de congés + appel systématique aux clients pour connaître leurs dates'],
  ),
  replacement_proposed: define(
    'replacement_proposed',
    'percent',
    'Clients wanting a replacement who got a proposal (% de clients souhaitant un remplacement ayant reçu une proposition)',
    100,
    'RS',
    ['Appel ou mail systématique aux clients pour les informer des dates de congés des salariés et connaître leur demande de remplacement'],
  ),
  field_staff_meetings: define(
    'field_staff_meetings',
    'count',
    'Working-group meetings with field staff in the year (nombre de réunions annuelles avec les intervenants)',
    1,
    'RQ, RS, AS, Direction',
    ["Suite à l'analyse des réclamations de l'année, organiser des réunions avec les salariés pour les informer et trouver ensemble des pistes d'amélioration"],
  ),
  newsletters_published: define(
    'newsletters_published',
    'count',
    'Internal newsletters published in the year (nombre de journaux "entre nous" par an)',
    2,
    'RQ, RS, Direction',
    ['À chaque mise à jour des documents importants, pour donner des informations (canicule, activités, astuces, SCIC)'],
  ),
  birthday_cards_sent: define(
    'birthday_cards_sent',
    'percent',
    'Dependent clients who got a birthday card (% de clients dépendants ayant reçu une carte d’anniversaire)',
    100,
    'RS',
    ['Envoyer une carte pour souhaiter les anniversaires'],
  ),
};
