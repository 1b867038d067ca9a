import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type ApiKeySpec, type AppConfig, type Role } from '../config/config.js';

export const ROLES: readonly Role[] = ['integration', 'quality', 'auditor', 'admin'];

export interface ApiKeyHolder {
  role: Role;
  name: string;
}

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The API keys, held as SHA-256 digests and compared in constant time. From
 * `QUALIREC_API_KEYS`, else from `api-keys.json` in the data directory, written with one random
 * key per role on the first start.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('auth');
  private readonly keys: { digest: Buffer; holder: ApiKeyHolder }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const specs = config.apiKeys ?? this.fromDataDir(config.dataDir);
    this.keys = specs.map(({ role, name, key }) => ({ digest: digest(key), holder: { role, name } }));
  }

  /** The holder of `key`; every stored key is compared so the time taken tells nothing. */
  identify(key: string): ApiKeyHolder | undefined {
    const candidate = digest(key);
    let found: ApiKeyHolder | undefined;
    for (const { digest: stored, holder } of this.keys) if (timingSafeEqual(stored, candidate)) found = holder;
    return found;
  }

  private fromDataDir(dataDir: string): ApiKeySpec[] {
    const file = join(dataDir, 'api-keys.json');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const generated = ROLES.map((role) => ({ role, name: `${role}-generated`, key: randomBytes(24).toString('base64url') }));
      writeFileSync(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600 });
      this.logger.warn(`No QUALIREC_API_KEYS: generated one key per role in ${file}`);
    } else {
      this.logger.log(`API keys read from ${file}`);
    }
    return JSON.parse(readFileSync(file, 'utf8')) as ApiKeySpec[];
  }
}
