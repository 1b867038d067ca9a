import { verifyLog } from '../audit/verification.js';
import { loadConfig } from '../config/config.js';
import { openEventStore } from '../event-store/event-store.module.js';

/** `npm run audit:verify`: re-checks the whole log offline from the service, with a progress bar. */
const store = await openEventStore(loadConfig());
const started = Date.now();
const bar = (checked: number, head: number) => {
  if (!process.stderr.isTTY && checked < head) return;
  const share = head ? Math.min(1, checked / head) : 1;
  const filled = Math.round(share * 40);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(40 - filled)}] ${(share * 100).toFixed(1)} % position ${checked}/${head}`);
};
try {
  const result = await verifyLog(store, bar);
  process.stderr.write('\n');
  console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await store.dispose();
}
