import { createApp } from './app.factory.js';
import { loadConfig } from './config/config.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port, config.host);
console.log(
  `qualirec listening on http://${config.host}:${config.port} (${config.eventStoreConnectionString ? 'EventStoreDB' : 'embedded log'}, ${
    config.mongoUri ? 'MongoDB' : 'embedded read models'
  }, data in ${config.dataDir})`,
);
