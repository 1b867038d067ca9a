import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClientCommandHandler } from './client.command-handler.js';
import { GetClientFileHandler, ListClientsHandler } from './client.queries.js';
import { ClientsController } from './clients.controller.js';

/** Clients and the continuity of their service (changes of situation, visits, replacements…). */
@Module({
  imports: [CqrsModule],
  controllers: [ClientsController],
  providers: [ClientCommandHandler, ListClientsHandler, GetClientFileHandler],
})
export class ContinuityModule {}
