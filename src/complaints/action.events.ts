import type { DomainEvent } from '../shared/decider.js';
import type { ActionKind } from './complaint.events.js';

/** Where an improvement action comes from: a complaint, a survey theme, a meeting (revue de direction…), an audit finding. */
export const ACTION_ORIGIN_TYPES = ['complaint', 'survey', 'meeting', 'audit'] as const;
export type ActionOriginType = (typeof ACTION_ORIGIN_TYPES)[number];
export interface ActionOrigin {
  type: ActionOriginType;
  id: string;
  /** e.g. the survey theme the action answers. */
  theme?: string;
}

/** An improvement action (action corrective ou préventive) with an owner and a due date. */
export type ActionOpened = DomainEvent<
  'ActionOpened',
  {
    actionId: string;
    kind: ActionKind;
    description: string;
    owner: string;
    dueDate: string;
    origin: ActionOrigin;
    openedAt: string;
    /** Given, else inherited from the complaint or meeting of origin. */
    agency?: string;
  }
>;
/** Done, with the check of its effectiveness (vérification de l'efficacité). */
export type ActionCompleted = DomainEvent<'ActionCompleted', { actionId: string; at: string; effective: boolean }>;

export type ActionEvent = ActionOpened | ActionCompleted;
export const ACTION_EVENT_TYPES: readonly ActionEvent['type'][] = ['ActionOpened', 'ActionCompleted'];
