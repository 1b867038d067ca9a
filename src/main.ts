import { createApp } from './app.factory.js';
import { loadConfig } from './config/config.js';

const config = loadConfig();
const app = await createApp(config).catch((error: unknown) => {
  // Nothing was served: a damaged event log, read models ahead of it (docs/reliability.md), a store out of reach.
  console.error(`qualirec did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
await app.listen(config.port, config.host);
console.log(
  `qualirec listening on http://${config.host}:${config.port} (${config.eventStoreConnectionString ? 'EventStoreDB' : 'embedded log'}, ${
    config.mongoUri ? 'MongoDB' : 'embedded read models'
  }, data in ${config.dataDir})`,
);
