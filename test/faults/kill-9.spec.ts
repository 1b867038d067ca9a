import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeBuilt, freePort, freshDir, type Server, startServer } from './support.js';

/**
 * The server is killed with SIGKILL at random moments under concurrent writers, several times in
 * a row on the same data directory: every command answered 201 must be in the log after restart,
 * none twice; retrying the unanswered ones appends each exactly once. The figures of the run are
 * printed on one line (docs/reliability.md keeps the last ones).
 */
const ROUNDS = 4;
const WRITERS = 16;

const register = (server: Server, commandId: string) =>
  server.post('/clients', { commandId, fullName: `Client ${commandId}`, address: '1 place Bellecour, Lyon', agency: 'lyon', dependent: false, wantsSecondVisit: false });

describeBuilt('kill -9 under concurrent writers', () => {
  const dataDir = freshDir('kill');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged command and duplicates none, over several crashes', async () => {
    const started = Date.now();
    const port = await freePort();
    const acknowledged = new Map<string, string>();
    const sent = new Set<string>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const server = await startServer(dataDir, { port });
      let alive = true;
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 0; alive; n += 1) {
          const commandId = `r${round}-w${w}-n${n}`;
          sent.add(commandId);
          try {
            const res = await register(server, commandId);
            if (res.status === 201) acknowledged.set(commandId, ((await res.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      });
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
      const killed = server.stop('SIGKILL');
      alive = false;
      await Promise.all(writers);
      await killed;
    }
    expect(acknowledged.size).toBeGreaterThan(100);

    // Retry every unanswered command, and some answered ones, as a client would after the crash.
    const server = await startServer(dataDir, { port });
    const unanswered = [...sent].filter((c) => !acknowledged.has(c));
    const again = [...acknowledged.keys()].slice(0, 50);
    const retries = { replayed: 0, appended: 0 };
    const retry = async (commandId: string) => {
      const res = await register(server, commandId);
      expect([200, 201]).toContain(res.status);
      if (res.status === 201) expect(acknowledged.has(commandId)).toBe(false);
      retries[res.status === 200 ? 'replayed' : 'appended'] += 1;
    };
    const resent = [...unanswered, ...again];
    for (let i = 0; i < resent.length; i += WRITERS) await Promise.all(resent.slice(i, i + WRITERS).map(retry));
    const health = (await (await server.get('/health')).json()) as { status: string };
    expect(health.status).toBe('ok');
    await server.stop();

    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const perStream = new Map(
      (db.prepare("SELECT stream_id AS s, count(*) AS n FROM events WHERE stream_id LIKE 'client-%' GROUP BY stream_id").all() as { s: string; n: number }[]).map((r) => [r.s, r.n]),
    );
    const commandIds = new Set((db.prepare("SELECT json_extract(metadata, '$.commandId') AS c FROM events").all() as { c: string }[]).map((r) => r.c));
    db.close();
    const lost = [...acknowledged.values()].filter((id) => !perStream.has(`client-${id}`)).length;
    const duplicated = [...perStream.values()].filter((n) => n !== 1).length;
    process.stderr.write(
      `kill -9 figures: ${ROUNDS} kills survived, ${acknowledged.size} commands acknowledged (201) of ${sent.size} sent by ${WRITERS} writers; ` +
        `${unanswered.length} unanswered retried (${retries.appended} appended: 201, ${retries.replayed - again.length} found already recorded: 200) ` +
        `and ${again.length} acknowledged re-sent (200); ${lost} lost, ${duplicated} duplicated; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    for (const [commandId, id] of acknowledged) {
      expect({ commandId, events: perStream.get(`client-${id}`) }).toEqual({ commandId, events: 1 });
    }
    expect(duplicated).toBe(0);
    expect(perStream.size).toBe(sent.size);
    for (const commandId of sent) expect(commandIds.has(commandId)).toBe(true);
  }, 120_000);
});
