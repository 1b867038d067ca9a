/**
 * The worker thread behind `WriterThread`: opens the data directory's log as the application does
 * and runs a `LogWriter` on the batches the simulation sends, so that chaining, hashing and SQLite
 * use the second core while the simulation decides and seals on the first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../src/config/config.js';
import { openEventStore } from '../../src/event-store/event-store.module.js';
import { LogWriter } from './log-writer.js';
import type { ToWriter } from './writer-thread.js';

const writer = new LogWriter(await openEventStore(loadConfig({ QUALIREC_DATA_DIR: (workerData as { dir: string }).dir })));
const port = parentPort!;
port.postMessage({ ready: true });
// One message at a time, in order: each batch is chained and committed before the next is read.
let done = Promise.resolve();
port.on('message', (message: ToWriter) => {
  done = done.then(async () => {
    try {
      if (message.kind === 'batch') {
        for (const { streamId, revision, events } of message.appends) writer.append(streamId, revision, events);
        await writer.drain();
        port.postMessage({ written: message.appends.length });
      } else {
        port.postMessage({ head: await writer.finish() });
      }
    } catch (error) {
      port.postMessage({ error: (error as Error).stack ?? String(error) });
    }
  });
});
