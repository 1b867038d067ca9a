import { loadConfig } from '../config/config.js';
import { runKeysCommand } from '../http/api-key-file.js';

/**
 * `npm run keys -- create <role> <name> | revoke <name> | list`: manages the key file of
 * QUALIREC_DATA_DIR. A running server picks the change up within a second, no restart.
 * Keys given in QUALIREC_API_KEYS are listed but cannot be revoked here.
 */
const config = loadConfig();
const { code, out } = runKeysCommand(process.argv.slice(2), config.dataDir, config.apiKeys ?? []);
(code === 0 ? process.stdout : process.stderr).write(out + '\n');
process.exitCode = code;
