import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CommandExecutor } from './command-executor.service.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.adapter.js';

/**
 * EventStoreDB when a connection string is configured, else the embedded log in the data directory.
 * The server client is imported only when used: the embedded default never loads gRPC.
 */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString) {
    const { EsdbEventStore } = await import('./esdb-event-store.adapter.js');
    return EsdbEventStore.connect(config.eventStoreConnectionString);
  }
  mkdirSync(config.dataDir, { recursive: true });
  // A damaged file stops the start here (EventLogDamagedError): nothing is served from it.
  return SqliteEventStore.openChecked(join(config.dataDir, 'events.db'), { synchronous: config.synchronous, maxPageCount: config.maxLogPages });
}

/**
 * The log the service serves from: checked as every opening is, and, embedded, not behind the read
 * models beside it (tools such as a rebuild open the log without that check: they are the remedy).
 */
async function openServedEventStore(config: AppConfig): Promise<EventStore> {
  const store = await openEventStore(config);
  if (store instanceof SqliteEventStore && !config.mongoUri) {
    try {
      store.checkReadModelsNotAhead(join(config.dataDir, 'read-models.db'));
    } catch (error) {
      await store.dispose();
      throw error;
    }
  }
  return store;
}

@Global()
@Module({
  providers: [{ provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: openServedEventStore }, CommandExecutor],
  exports: [EVENT_STORE, CommandExecutor],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.dispose();
  }
}
