import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import type { ContractCommand, ContractRequest } from './contract.commands.js';
import type { ClientRegistered } from '../continuity/client.events.js';
import { clientStream } from '../continuity/client.command-handler.js';
import { contractDecider } from './contract.decider.js';
import type { ContractDrafted } from './contract.events.js';

/** A contract command on its way through the CommandBus. */
export class ContractCommandMessage {
  constructor(
    readonly request: ContractRequest,
    readonly context: CommandContext,
  ) {}
}

export const contractStream = (contractId: string) => `contract-${contractId}`;

@CommandHandler(ContractCommandMessage)
export class ContractCommandHandler implements ICommandHandler<ContractCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ request, context }: ContractCommandMessage): Promise<CommandResult> {
    const { command, clientId } = await this.withClient(request);
    return this.executor.execute(
      {
        decider: contractDecider,
        aggregate: 'contract',
        id: command.contractId,
        streamId: contractStream(command.contractId),
        command,
        mustExist: command.type !== 'DraftContract',
        clientId,
      },
      context,
    );
  }

  /** A draft names its client, who must exist and gives the agency; later commands find the client on the draft. */
  private async withClient(request: ContractRequest): Promise<{ command: ContractCommand; clientId?: string }> {
    if (request.type === 'DraftContract') {
      const registered = (await this.executor.first(clientStream(request.clientId))) as unknown as ClientRegistered | undefined;
      if (!registered) throw new AggregateNotFound('client', request.clientId);
      return { command: { ...request, agency: registered.data.agency }, clientId: request.clientId };
    }
    // Read with the decider: the command about to run on this stream then reads nothing more.
    const draft = (await this.executor.first(contractStream(request.contractId), contractDecider)) as unknown as ContractDrafted | undefined;
    return { command: request, clientId: draft?.data.clientId };
  }
}
