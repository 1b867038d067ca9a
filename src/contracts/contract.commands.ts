import type { ContractDrafted, ContractAmended, ContractSuspended } from './contract.events.js';

export type DraftContract = { type: 'DraftContract' } & ContractDrafted['data'];
export type ValidateContract = { type: 'ValidateContract'; contractId: string; validatedAt: string; validatedBy: string; notes?: string };
export type SignContract = { type: 'SignContract'; contractId: string; signedAt: string; signedBy: string };
export type AmendContract = { type: 'AmendContract' } & ContractAmended['data'];
export type SuspendContract = { type: 'SuspendContract' } & ContractSuspended['data'];
export type ResumeContract = { type: 'ResumeContract'; contractId: string; at: string };
export type TerminateContract = { type: 'TerminateContract'; contractId: string; effectiveAt: string; reason: string };

export type ContractCommand =
  | DraftContract
  | ValidateContract
  | SignContract
  | AmendContract
  | SuspendContract
  | ResumeContract
  | TerminateContract;

/** A draft as requested: the agency comes from the client's file. */
export type DraftContractRequest = Omit<DraftContract, 'agency'>;
export type ContractRequest = Exclude<ContractCommand, DraftContract> | DraftContractRequest;
