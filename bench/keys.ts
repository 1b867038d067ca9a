import type { ApiKeySpec } from '../src/config/config.js';

/** The API key the benchmark's integration sends commands with. */
export const INTEGRATION_KEY = 'bench-integration-key-0123456789';
export const QUALITY_KEY = 'bench-quality-key-0123456789abcd';
/** The auditor's reads of the log (history, state at a date, verification) in the data-size figures. */
export const AUDITOR_KEY = 'bench-auditor-key-0123456789abcd';

export const BENCH_API_KEYS: ApiKeySpec[] = [
  { role: 'integration', name: 'bench-integration', key: INTEGRATION_KEY },
  { role: 'quality', name: 'bench-quality', key: QUALITY_KEY },
  { role: 'auditor', name: 'bench-auditor', key: AUDITOR_KEY },
];
