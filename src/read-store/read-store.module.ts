import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EmbeddedReadStore } from './embedded-read-store.adapter.js';
import { READ_STORE, type ReadStore } from './read-store.port.js';

/** MongoDB when a URI is configured, else the embedded store in the data directory (the driver loads only when used). */
export async function openReadStore(config: AppConfig): Promise<ReadStore> {
  if (config.mongoUri) {
    const { MongoReadStore } = await import('./mongo-read-store.adapter.js');
    return MongoReadStore.connect(config.mongoUri);
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new EmbeddedReadStore(join(config.dataDir, 'read-models.db'));
}

@Global()
@Module({
  providers: [{ provide: READ_STORE, inject: [APP_CONFIG], useFactory: openReadStore }],
  exports: [READ_STORE],
})
export class ReadStoreModule implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.dispose();
  }
}
