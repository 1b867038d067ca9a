import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ApiKeySpec, Role } from '../config/config.js';

/**
 * The key file (`api-keys.json` in the data directory): who holds a key, never the key itself.
 * Each entry keeps the SHA-256 digest of a key of 256 random bits; such a key cannot be guessed
 * from its digest, so no salt or slow hash is needed. The server re-reads the file when it
 * changes, so `npm run keys -- create|revoke` takes effect without a restart.
 */
export const KEY_FILE_NAME = 'api-keys.json';
export const ROLE_NAMES = ['integration', 'quality', 'auditor', 'admin'] as const satisfies readonly Role[];
const KEY_NAME = /^[\w.-]{1,64}$/;

const storedKey = z.object({
  role: z.enum(ROLE_NAMES),
  name: z.string().regex(KEY_NAME),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type StoredKey = z.infer<typeof storedKey>;

const keyFile = z.object({ version: z.literal(2), algorithm: z.literal('sha256'), keys: z.array(storedKey) });
/** The first format, written by earlier versions: the keys themselves, in clear. */
const plaintextFile = z.array(z.object({ role: z.enum(ROLE_NAMES), name: z.string().regex(KEY_NAME), key: z.string().min(16) }));

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export const keyFilePath = (dataDir: string) => join(dataDir, KEY_FILE_NAME);
export const digestOf = (key: string) => createHash('sha256').update(key).digest('hex');
/** 256 random bits; the prefix lets secret scanners recognise a leaked key. */
export const newKey = () => `qrk_${randomBytes(32).toString('base64url')}`;

/**
 * The keys of the file, or `undefined` when there is none. A file in the first (plaintext) format
 * is rewritten with digests on the spot: the keys stay valid, their clear text leaves the disk.
 */
export function readKeyFile(file: string): { keys: StoredKey[]; converted: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileError(`${file} is not JSON`);
  }
  const current = keyFile.safeParse(json);
  if (current.success) return { keys: current.data.keys, converted: false };
  const old = plaintextFile.safeParse(json);
  if (!old.success) throw new KeyFileError(`${file}: ${current.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  const createdAt = new Date().toISOString();
  const keys = old.data.map(({ role, name, key }) => ({ role, name, digest: digestOf(key), createdAt }));
  writeKeyFile(file, keys);
  return { keys, converted: true };
}

/** Written to a temporary file then renamed: a reader never sees half a file. Mode 0600. */
export function writeKeyFile(file: string, keys: StoredKey[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ version: 2, algorithm: 'sha256', keys }, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, file);
}

/** Read, change and write the file under a lock file, so two commands run at once lose nothing. */
function update<T>(file: string, change: (keys: StoredKey[]) => { keys: StoredKey[]; result: T }): T {
  mkdirSync(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt += 1) {
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) {
        throw new KeyFileError(`cannot lock ${lock} (remove it if no other keys command is running)`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    const { keys, result } = change(readKeyFile(file)?.keys ?? []);
    writeKeyFile(file, keys);
    return result;
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

/** A new key for `role` named `name`; the key is returned once and only its digest is kept. */
export function createKey(file: string, role: string, name: string, now = new Date()): { key: string; entry: StoredKey } {
  const parsedRole = z.enum(ROLE_NAMES).safeParse(role);
  if (!parsedRole.success) throw new KeyFileError(`unknown role "${role}" (${ROLE_NAMES.join(', ')})`);
  if (!KEY_NAME.test(name)) throw new KeyFileError(`the name "${name}" must be 1-64 letters, digits, or _ . -`);
  return update(file, (keys) => {
    // A name is never reused, even once revoked: it is the actor recorded in the log.
    if (keys.some((k) => k.name === name)) throw new KeyFileError(`a key named "${name}" already exists (names are never reused)`);
    const key = newKey();
    const entry: StoredKey = { role: parsedRole.data, name, digest: digestOf(key), createdAt: now.toISOString() };
    return { keys: [...keys, entry], result: { key, entry } };
  });
}

/** Marks the key revoked: a running server refuses it (401) once it has re-read the file. */
export function revokeKey(file: string, name: string, now = new Date()): StoredKey {
  return update(file, (keys) => {
    const found = keys.find((k) => k.name === name);
    if (!found) throw new KeyFileError(`no key named "${name}" in ${file}`);
    const entry = found.revokedAt ? found : { ...found, revokedAt: now.toISOString() };
    return { keys: keys.map((k) => (k === found ? entry : k)), result: entry };
  });
}

/** Names, roles and dates, never keys (the file has none). */
export function listKeys(file: string): StoredKey[] {
  return readKeyFile(file)?.keys ?? [];
}

/** First start: one key per role, only their digests written; the keys are returned to be shown once. */
export function generateInitialKeys(file: string, now = new Date()): ApiKeySpec[] {
  const generated = ROLE_NAMES.map((role) => ({ role, name: `${role}-generated`, key: newKey() }));
  writeKeyFile(
    file,
    generated.map(({ role, name, key }) => ({ role, name, digest: digestOf(key), createdAt: now.toISOString() })),
  );
  return generated;
}

export function firstStartMessage(file: string, generated: ApiKeySpec[]): string {
  const width = Math.max(...generated.map((g) => g.name.length));
  return [
    '',
    'qualirec: no QUALIREC_API_KEYS and no key file: one API key per role was generated.',
    `The keys are shown this once only; ${file} keeps their SHA-256 digests, not the keys.`,
    ...generated.map(({ role, name, key }) => `  ${role.padEnd(11)} ${name.padEnd(width)}  ${key}`),
    'Hand each key to its holder. Manage keys with `npm run keys -- create <role> <name> | revoke <name> | list`.',
    '',
  ].join('\n');
}

/**
 * `npm run keys -- <command>`: what the CLI prints and its exit code, for `src/cli/keys.ts` and
 * the tests. `envKeys` are those of QUALIREC_API_KEYS, listed apart: the CLI cannot revoke them.
 */
export function runKeysCommand(args: string[], dataDir: string, envKeys: ApiKeySpec[] = []): { code: number; out: string } {
  const file = keyFilePath(dataDir);
  const usage = 'usage: npm run keys -- create <role> <name> | revoke <name> | list';
  const [command, ...rest] = args;
  try {
    if (command === 'create' && rest.length === 2) {
      const { key, entry } = createKey(file, rest[0], rest[1]);
      return {
        code: 0,
        out: [
          `Created ${entry.role} key "${entry.name}" in ${file}.`,
          'The key is shown this once only:',
          key,
          'A running server accepts it within a second, without a restart.',
        ].join('\n'),
      };
    }
    if (command === 'revoke' && rest.length === 1) {
      if (envKeys.some((k) => k.name === rest[0]) && !listKeys(file).some((k) => k.name === rest[0])) {
        return { code: 1, out: `"${rest[0]}" comes from QUALIREC_API_KEYS: remove it there and restart the server.` };
      }
      const entry = revokeKey(file, rest[0]);
      return { code: 0, out: `Revoked ${entry.role} key "${entry.name}" at ${entry.revokedAt}. A running server refuses it within a second.` };
    }
    if (command === 'list' && rest.length === 0) {
      const rows = listKeys(file).map((k) => [k.name, k.role, k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active']);
      const fromEnv = envKeys.map((k) => [k.name, k.role, '-', 'QUALIREC_API_KEYS (not revocable here)']);
      const all = [['name', 'role', 'created', 'status'], ...rows, ...fromEnv];
      const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
      const table = all.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
      return { code: 0, out: [`${file}${existsSync(file) ? '' : ' (no file yet)'}`, ...table].join('\n') };
    }
    return { code: 2, out: usage };
  } catch (error) {
    if (error instanceof KeyFileError) return { code: 1, out: `error: ${error.message}` };
    throw error;
  }
}
