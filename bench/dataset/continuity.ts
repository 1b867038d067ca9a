import { dueResumptions, effectsOfChange, type Effect } from '../../src/continuity/change-of-situation.effects.js';
import type { ChangeOfSituationReported } from '../../src/continuity/client.events.js';
import { SAGA } from '../../src/continuity/continuity.saga.js';
import { contractStream } from '../../src/contracts/contract.command-handler.js';
import type { ContractState } from '../../src/contracts/contract.decider.js';
import type { CommandContext } from '../../src/event-store/command-executor.service.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { deterministicUuid } from '../../src/shared/ids.js';
import { type Handlers, isRefusal } from './handlers.js';

/** A contract the saga suspended for a change; until a known date, the saga's tick resumes it then. */
export interface SagaSuspension {
  contractId: string;
  until?: string;
  changeId: string;
  causationId: string;
}

/**
 * The `ContinuitySaga`'s reaction to a recorded change of situation, done at once rather than by a
 * subscription: the same effects (`effectsOfChange`) on the client's contracts as they stand, the
 * same command ids (derived from the change's event), actor, causation and correlation, refusals
 * skipped as the saga skips them. Done this way, a saga replaying the log later finds each effect
 * already recorded under its command id and records nothing again. Returns the suspensions to resume.
 */
export async function reactToChange(handlers: Handlers, change: ChangeOfSituationReported['data'], event: NewEvent, contractIds: string[]): Promise<SagaSuspension[]> {
  const contracts = contractIds.map((contractId) => ({ contractId, status: contractState(handlers, contractId).status }));
  const context = { correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: change.effectiveFrom };
  const suspensions: SagaSuspension[] = [];
  for (const effect of effectsOfChange(change, contracts)) {
    const applied = await apply(handlers, effect, event.eventId, context);
    if (applied && effect.command.type === 'SuspendContract') {
      suspensions.push({ contractId: effect.command.contractId, until: effect.command.until, changeId: change.changeId, causationId: event.eventId });
    }
  }
  return suspensions;
}

/** The saga's scheduled tick on `day`: the suspended contracts whose suspension has reached its end resume. */
export async function resumeDue(handlers: Handlers, suspensions: (SagaSuspension & { until: string })[], day: string): Promise<void> {
  const documents = suspensions.map(({ contractId, ...suspension }) => ({ contractId, status: contractState(handlers, contractId).status, suspension }));
  for (const effect of dueResumptions(documents, day)) {
    const at = (effect.command as { at: string }).at;
    await apply(handlers, effect, effect.causationId ?? effect.key, { ...(effect.causationId ? { causationId: effect.causationId } : {}), occurredAt: at });
  }
}

const contractState = (handlers: Handlers, contractId: string) => handlers.recorder.stateOf<ContractState>(contractStream(contractId))!;

async function apply(handlers: Handlers, effect: Effect, origin: string, context: Partial<CommandContext> & { occurredAt: string }): Promise<boolean> {
  const ctx: CommandContext = { actor: SAGA, commandId: deterministicUuid('effect', origin, effect.key), ...context };
  try {
    if (effect.target === 'contract') await handlers.contract(effect.command, ctx);
    else await handlers.client(effect.command, ctx);
    return true;
  } catch (error) {
    if (isRefusal(error)) return false;
    throw error;
  }
}
