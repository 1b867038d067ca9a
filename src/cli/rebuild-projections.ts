import { loadConfig } from '../config/config.js';
import { rebuildProjections } from '../projections/rebuild.js';

const started = Date.now();
const { head, projections } = await rebuildProjections(loadConfig());
for (const p of projections) {
  console.log(`${p.name}: ${p.status} at position ${p.position}${p.error ? ` (halted on ${p.error.type} at ${p.error.position}: ${p.error.message})` : ''}`);
}
console.log(`Rebuilt ${projections.length} read models from ${head} events in ${Date.now() - started} ms`);
process.exitCode = projections.some((p) => p.status === 'halted') ? 1 : 0;
