import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The server is killed with SIGKILL at random moments under concurrent writers, several times in
 * a row on the same data directory: every command answered 201 must be in the log after restart,
 * none twice; retrying the unanswered ones appends each exactly once.
 */
const main = resolve('dist/src/main.js');
const KEY = 'integration-kill-test-key-0123';
const AUDITOR = 'auditor-kill-test-key-012345';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', QUALIREC_DATA_DIR: dataDir, QUALIREC_API_KEYS: `integration=${KEY},auditor=${AUDITOR}`, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', r));
}

function register(port: number, commandId: string) {
  return fetch(`http://127.0.0.1:${port}/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ commandId, fullName: `Client ${commandId}`, address: '1 place Bellecour, Lyon', agency: 'lyon', dependent: false, wantsSecondVisit: false }),
  });
}

const describeBuilt = existsSync(main) ? describe : describe.skip;
if (!existsSync(main)) process.stderr.write(`SKIPPED kill -9 test: ${main} is not built (npm test builds it first)\n`);

describeBuilt('kill -9 under concurrent writers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qualirec-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged command and duplicates none, over several crashes', async () => {
    const port = await freePort();
    const acknowledged = new Map<string, string>();
    const sent = new Set<string>();
    for (let round = 0; round < 4; round += 1) {
      const server = await startServer(dataDir, port);
      let alive = true;
      const writers = Array.from({ length: 16 }, async (_, w) => {
        for (let n = 0; alive; n += 1) {
          const commandId = `r${round}-w${w}-n${n}`;
          sent.add(commandId);
          try {
            const res = await register(port, commandId);
            if (res.status === 201) acknowledged.set(commandId, ((await res.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      });
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
      server.kill('SIGKILL');
      alive = false;
      await Promise.all(writers);
      await exited(server);
    }
    expect(acknowledged.size).toBeGreaterThan(100);

    // Retry every command, answered or not, as a client would after the crash.
    const server = await startServer(dataDir, port);
    const unanswered = [...sent].filter((c) => !acknowledged.has(c));
    for (const commandId of [...unanswered, ...[...acknowledged.keys()].slice(0, 50)]) {
      const res = await register(port, commandId);
      expect([200, 201]).toContain(res.status);
    }
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    server.kill('SIGTERM');
    await exited(server);

    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const perStream = new Map(
      (db.prepare("SELECT stream_id AS s, count(*) AS n FROM events WHERE stream_id LIKE 'client-%' GROUP BY stream_id").all() as { s: string; n: number }[]).map((r) => [r.s, r.n]),
    );
    const commandIds = new Set((db.prepare("SELECT json_extract(metadata, '$.commandId') AS c FROM events").all() as { c: string }[]).map((r) => r.c));
    db.close();
    for (const [commandId, id] of acknowledged) {
      expect({ commandId, events: perStream.get(`client-${id}`) }).toEqual({ commandId, events: 1 });
    }
    expect([...perStream.values()].every((n) => n === 1)).toBe(true);
    expect(perStream.size).toBe(sent.size);
    for (const commandId of sent) expect(commandIds.has(commandId)).toBe(true);
  }, 120_000);
});
