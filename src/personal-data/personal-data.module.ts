import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { KEY_STORE, type KeyStore } from './key-store.port.js';
import { PersonalDataVault } from './personal-data.vault.js';
import { RevealInterceptor } from './reveal.interceptor.js';
import { SqliteKeyStore } from './sqlite-key-store.adapter.js';

/** Keys live in MongoDB when the read models do, else in `keys.db` beside the embedded log. */
export async function openKeyStore(config: AppConfig): Promise<KeyStore> {
  if (config.mongoUri) {
    const { MongoKeyStore } = await import('./mongo-key-store.adapter.js');
    return MongoKeyStore.connect(config.mongoUri);
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteKeyStore(join(config.dataDir, 'keys.db'));
}

@Global()
@Module({
  providers: [
    { provide: KEY_STORE, inject: [APP_CONFIG], useFactory: openKeyStore },
    PersonalDataVault,
    { provide: APP_INTERCEPTOR, useClass: RevealInterceptor },
  ],
  exports: [PersonalDataVault, KEY_STORE],
})
export class PersonalDataModule implements OnApplicationShutdown {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.keys.dispose();
  }
}
