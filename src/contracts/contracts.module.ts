import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContractCommandHandler } from './contract.command-handler.js';
import { GetContractHandler, ListContractsHandler } from './contract.queries.js';
import { ContractsController } from './contracts.controller.js';

@Module({
  imports: [CqrsModule],
  controllers: [ContractsController],
  providers: [ContractCommandHandler, ListContractsHandler, GetContractHandler],
})
export class ContractsModule {}
