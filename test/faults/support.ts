import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What the fault tests share: the built server and tools run as real processes (so that SIGKILL
 * means what it means in production), and the embedded data directory read back as files.
 */
export const MAIN = resolve('dist/src/main.js');
export const BUILT = existsSync(MAIN);

export const SERVER_KEYS = {
  integration: 'integration-fault-test-key-0123',
  quality: 'quality-fault-test-key-0123456',
  auditor: 'auditor-fault-test-key-0123456',
};

/** `describe` once `npm run build` has produced dist/, else skipped with the reason on stderr. */
export function describeBuilt(title: string, body: () => void): void {
  if (BUILT) return describe(title, body);
  process.stderr.write(`SKIPPED ${title}: ${MAIN} is not built (npm test builds it first)\n`);
  describe.skip(title, body);
}

export function freshDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `qualirec-${tag}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    QUALIREC_DATA_DIR: dataDir,
    QUALIREC_API_KEYS: Object.entries(SERVER_KEYS)
      .map(([role, key]) => `${role}=${key}`)
      .join(','),
    // The fault tests send far more than a client would: the rate limit is not what they test.
    QUALIREC_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

export interface Server {
  port: number;
  child: ChildProcess;
  post(path: string, body: unknown): Promise<Response>;
  get(path: string, role?: keyof typeof SERVER_KEYS): Promise<Response>;
  /** SIGTERM (a clean stop) or SIGKILL (a crash), then waits for the process to end. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** The built server on `dataDir`, once `/health` answers. */
export async function startServer(dataDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<Server> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [MAIN], { env: serverEnv(dataDir, port, options.env), stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const server: Server = {
    port,
    child,
    post: (path, body) =>
      fetch(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVER_KEYS.integration}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    get: (path, role = 'quality') => fetch(base + path, { headers: { authorization: `Bearer ${SERVER_KEYS[role]}` } }),
    stop: async (signal = 'SIGTERM') => {
      child.kill(signal);
      await exited(child);
    },
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${base}/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.stop('SIGKILL');
  throw new Error(`the server did not start on ${dataDir}`);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a node script to its end (or `timeoutMs`, then SIGKILL), with its output. */
export function runNode(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Exit> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((done) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    }),
  );
}

/** The built server started on `dataDir` when it is expected to refuse: how it ended. */
export function startRefused(dataDir: string): Promise<Exit> {
  return runNode([MAIN], serverEnv(dataDir, 0) as Record<string, string>);
}

/** Every read-model document as stored, in a stable order, and every checkpoint. */
export function readModelsOf(dataDir: string): { documents: string; checkpoints: Record<string, number> } {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true });
  try {
    const documents = JSON.stringify(db.prepare('SELECT collection, id, body FROM documents ORDER BY collection, id').all());
    const rows = db.prepare('SELECT projection, position FROM checkpoints ORDER BY projection').all() as { projection: string; position: number }[];
    return { documents, checkpoints: Object.fromEntries(rows.map((r) => [r.projection, r.position])) };
  } finally {
    db.close();
  }
}

/**
 * Copies the named files of a data directory into a new one, each with its `-wal` when there is one
 * (after a crash the last commits are there): what a disk holds, not what a backup makes.
 */
export function copyData(from: string, tag: string, files = ['events.db', 'keys.db']): string {
  const to = freshDir(tag);
  for (const name of files.flatMap((f) => [f, `${f}-wal`])) if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
  return to;
}
