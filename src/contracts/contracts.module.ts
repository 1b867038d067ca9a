import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContractCommandHandler } from './contract.command-handler.js';
import { GetContractHandler, ListContractsHandler } from './contract.queries.js';
import { ContractsController } from './contracts.controller.js';
import { AlertsRegistry } from '../alerts/alerts.registry.js';
import { ReadModelAlertSource } from '../alerts/read-model-alert-source.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { addDays } from '../shared/dates.js';
import { contractAlerts } from './contract.alerts.js';
import { type ContractDocument, contractStatusProjector } from './contract-status.projector.js';

const contractAlertSource = {
  provide: 'contract-alerts',
  inject: [AlertsRegistry, READ_STORE, APP_CONFIG],
  useFactory: (registry: AlertsRegistry, reads: ReadStore, config: AppConfig) =>
    registry.register(
      new ReadModelAlertSource<ContractDocument>(
        reads,
        contractStatusProjector.collection,
        (today) => ({
          $or: [
            { status: { $in: ['draft', 'validated'] } },
            { status: { $in: ['signed', 'suspended'] }, endDate: { $lte: addDays(today, config.alerts.contractEndingDays) } },
          ],
        }),
        (contract, today) => contractAlerts(contract, today, config.alerts),
      ),
    ),
};

@Module({
  imports: [CqrsModule],
  controllers: [ContractsController],
  providers: [ContractCommandHandler, ListContractsHandler, GetContractHandler, contractAlertSource],
})
export class ContractsModule {}
