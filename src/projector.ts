import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/config.js';

/**
 * The projectors and sagas as their own process, for deployments with MongoDB: run one per
 * deployment and start the API instances with QUALIREC_PROJECTIONS=off (they then follow this
 * process's checkpoints). The embedded read store lives in the API's memory, so there the
 * projectors must stay inline.
 */
const config = loadConfig();
if (!config.mongoUri) {
  console.error('npm run projector needs MONGODB_URI: with the embedded read store, projectors run inside the API (QUALIREC_PROJECTIONS=inline).');
  process.exit(2);
}
const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, projections: 'inline' }));
app.enableShutdownHooks();
console.log('qualirec projector running: read models and sagas follow the log');
