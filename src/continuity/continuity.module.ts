import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClientCommandHandler } from './client.command-handler.js';
import { GetClientFileHandler, ListClientsHandler } from './client.queries.js';
import { ClientsController } from './clients.controller.js';
import { AlertsRegistry } from '../alerts/alerts.registry.js';
import { ReadModelAlertSource } from '../alerts/read-model-alert-source.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { type ClientFileDocument, clientFileProjector } from './client-file.projector.js';
import { clientAlerts } from './continuity.alerts.js';
import { ContinuitySaga } from './continuity.saga.js';
import { PersonalDataVault } from '../personal-data/personal-data.vault.js';

const ongoing = { status: { $nin: ['deceased', 'former'] } };
const clientAlertSource = {
  provide: 'client-alerts',
  inject: [AlertsRegistry, READ_STORE, APP_CONFIG, PersonalDataVault],
  useFactory: (registry: AlertsRegistry, reads: ReadStore, config: AppConfig, vault: PersonalDataVault) =>
    registry.register(
      new ReadModelAlertSource<ClientFileDocument>(
        reads,
        clientFileProjector.collection,
        () => ({
          $or: [
            { 'openChanges.0': { $exists: true } },
            { replacementRequests: { $elemMatch: { proposedAt: { $exists: false } } } },
            { wantsSecondVisit: true, ...ongoing },
            { dependent: true, birthDate: { $exists: true }, ...ongoing },
          ],
        }),
        (file, today) => clientAlerts(file, today, config.alerts),
        (files) => vault.reveal(files),
      ),
    ),
};

/** Clients and the continuity of their service (changes of situation, visits, replacements…). */
@Module({
  imports: [CqrsModule],
  controllers: [ClientsController],
  providers: [ClientCommandHandler, ListClientsHandler, GetClientFileHandler, ContinuitySaga, clientAlertSource],
})
export class ContinuityModule {}
