import type { Decider } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { ContractCommand } from './contract.commands.js';
import type { ContractEvent } from './contract.events.js';

/** Internal status marks of a contract file (NF X 50-056 §3.3.2 c). */
export type ContractStatus = 'none' | 'draft' | 'validated' | 'signed' | 'suspended' | 'terminated';

export interface ContractState {
  status: ContractStatus;
  startDate?: string;
  validatedAt?: string;
  suspendedFrom?: string;
  amendmentIds: string[];
}

export const initialState = (): ContractState => ({ status: 'none', amendmentIds: [] });

export function evolve(state: ContractState, event: ContractEvent): ContractState {
  switch (event.type) {
    case 'ContractDrafted':
      return { ...state, status: 'draft', startDate: event.data.startDate };
    case 'ContractValidated':
      return { ...state, status: 'validated', validatedAt: event.data.validatedAt };
    case 'ContractSigned':
      return { ...state, status: 'signed' };
    case 'ContractAmended':
      return { ...state, amendmentIds: [...state.amendmentIds, event.data.amendmentId] };
    case 'ContractSuspended':
      return { ...state, status: 'suspended', suspendedFrom: event.data.from };
    case 'ContractResumed':
      return { ...state, status: 'signed', suspendedFrom: undefined };
    case 'ContractTerminated':
      return { ...state, status: 'terminated' };
  }
}

export function decide(command: ContractCommand, state: ContractState): ContractEvent[] {
  if (command.type !== 'DraftContract') ensure(state.status !== 'none', 'contract-must-exist', 'No contract has been drafted under this id');
  switch (command.type) {
    case 'DraftContract':
      ensure(state.status === 'none', 'contract-already-drafted', 'A contract with this id already exists');
      return [{ type: 'ContractDrafted', data: payload(command) }];
    case 'ValidateContract':
      ensure(state.status === 'draft', 'contract-validated-only-from-draft', `A ${state.status} contract cannot be validated`);
      return [{ type: 'ContractValidated', data: payload(command) }];
    case 'SignContract':
      ensure(
        state.status === 'validated',
        'contract-signed-only-after-validation',
        `A contract is never signed before it was validated (it is ${state.status})`,
      );
      ensure(
        command.signedAt >= state.validatedAt!,
        'signature-not-before-validation',
        `Signed on ${command.signedAt}, before its validation on ${state.validatedAt}`,
      );
      return [{ type: 'ContractSigned', data: payload(command) }];
    case 'AmendContract':
      ensure(isRunning(state), 'amendment-only-on-signed-contract', `An amendment (avenant) needs a signed contract; it is ${state.status}`);
      ensure(!state.amendmentIds.includes(command.amendmentId), 'amendment-recorded-once', 'This amendment is already recorded');
      return [{ type: 'ContractAmended', data: payload(command) }];
    case 'SuspendContract':
      ensure(state.status === 'signed', 'suspension-only-of-running-contract', `Only a signed, running contract can be suspended; it is ${state.status}`);
      ensure(command.from >= state.startDate!, 'suspension-not-before-start', `The contract starts on ${state.startDate}`);
      return [{ type: 'ContractSuspended', data: payload(command) }];
    case 'ResumeContract':
      ensure(state.status === 'suspended', 'resumption-only-of-suspended-contract', `The contract is ${state.status}, not suspended`);
      ensure(command.at >= state.suspendedFrom!, 'resumption-not-before-suspension', `Suspended from ${state.suspendedFrom}`);
      return [{ type: 'ContractResumed', data: payload(command) }];
    case 'TerminateContract':
      ensure(state.status !== 'terminated', 'contract-terminated-once', 'The contract is already terminated');
      return [{ type: 'ContractTerminated', data: payload(command) }];
  }
}

/** A command's fields without its type: what its event records. */
function payload<C extends { type: string }>({ type: _type, ...data }: C): Omit<C, 'type'> {
  return data;
}

const isRunning = (state: ContractState) => state.status === 'signed' || state.status === 'suspended';

export const contractDecider: Decider<ContractCommand, ContractEvent, ContractState> = { decide, evolve, initialState };
