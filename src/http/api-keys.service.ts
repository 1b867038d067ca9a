import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { APP_CONFIG, type AppConfig, type Role } from '../config/config.js';
import { firstStartMessage, generateInitialKeys, keyFilePath, readKeyFile, ROLE_NAMES } from './api-key-file.js';

export const ROLES: readonly Role[] = ROLE_NAMES;

export interface ApiKeyHolder {
  role: Role;
  name: string;
}

/** How often the key file is looked at: a created or revoked key takes effect within this time. */
export const KEY_FILE_POLL_MS = 500;

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The API keys, held as SHA-256 digests and compared in constant time: those of
 * `QUALIREC_API_KEYS` (fixed for the life of the process) and the active ones of the key file
 * (`api-keys.json`, digests only), re-read whenever it changes. On the very first start, with
 * neither, one key per role is generated, its digest stored and the key printed once.
 */
@Injectable()
export class ApiKeysService implements OnModuleDestroy {
  private readonly logger = new Logger('auth');
  private readonly file: string;
  private readonly fixed: { digest: Buffer; holder: ApiKeyHolder }[];
  private fromFile: { digest: Buffer; holder: ApiKeyHolder }[] = [];
  private seen = '';
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.file = keyFilePath(config.dataDir);
    this.fixed = (config.apiKeys ?? []).map(({ role, name, key }) => ({ digest: digest(key), holder: { role, name } }));
    if (!config.apiKeys && !existsSync(this.file)) {
      const generated = generateInitialKeys(this.file);
      // The only time these keys exist outside their holders' hands: straight to the console, whatever the log level.
      process.stdout.write(firstStartMessage(this.file, generated) + '\n');
    }
    this.reload();
    const active = this.fromFile.length;
    this.logger.log(`API keys: ${this.fixed.length} from QUALIREC_API_KEYS, ${active} active in ${this.file}`);
    this.timer = setInterval(() => this.reload(), KEY_FILE_POLL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The holder of `key`; every active key is compared so the time taken tells nothing. */
  identify(key: string): ApiKeyHolder | undefined {
    const candidate = digest(key);
    let found: ApiKeyHolder | undefined;
    for (const { digest: stored, holder } of this.fixed) if (timingSafeEqual(stored, candidate)) found = holder;
    for (const { digest: stored, holder } of this.fromFile) if (timingSafeEqual(stored, candidate)) found = holder;
    return found;
  }

  /**
   * Re-reads the key file when its size, time or inode changed (polled, and callable at once).
   * A file that cannot be read keeps the keys known before, and says why; a deleted file leaves
   * only the keys of QUALIREC_API_KEYS.
   */
  reload(): void {
    let stamp = 'absent';
    try {
      const s = statSync(this.file);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      // no file: no keys from it
    }
    if (stamp === this.seen) return;
    try {
      const read = readKeyFile(this.file);
      if (read?.converted) this.logger.warn(`${this.file} held keys in clear: rewritten with their SHA-256 digests (the keys stay valid)`);
      this.fromFile = (read?.keys ?? [])
        .filter((k) => !k.revokedAt)
        .map((k) => ({ digest: Buffer.from(k.digest, 'hex'), holder: { role: k.role, name: k.name } }));
      this.seen = read?.converted ? '' : stamp;
    } catch (error) {
      this.seen = stamp;
      this.logger.error(`API key file not reloaded, the keys known before stay: ${(error as Error).message}`);
    }
  }
}
