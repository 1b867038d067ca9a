import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackupManifest } from '../../src/cli/backup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { describeBuilt, freshDir, runNode, type Server, startServer } from './support.js';

/**
 * `npm run backup` while the service writes under load, then a restore into a fresh directory as
 * docs/operations.md describes it: the restored log verifies (hashes, links, seals) up to the
 * backup's head, and the restored service shows the same client files, personal data included
 * (keys.db came along).
 */
const BACKUP = resolve('dist/src/cli/backup.js');

interface Life {
  clientId: string;
  fullName: string;
  /** Positions of the life's commands that were acknowledged. */
  positions: number[];
}

/** A client's life as an integration sends it: registered, a contract drafted, validated, signed. */
async function live(server: Server, clientId: string): Promise<Life> {
  const life: Life = { clientId, fullName: `Client ${clientId}`, positions: [] };
  const step = async (path: string, body: Record<string, unknown>) => {
    const res = await server.post(path, body);
    expect(res.status).toBe(201);
    life.positions.push(((await res.json()) as { position: number }).position);
  };
  await step('/clients', { clientId, fullName: life.fullName, birthDate: '1940-02-03', address: '5 rue Mercière, Lyon', agency: 'lyon', dependent: true, wantsSecondVisit: false });
  const contract = `${clientId}-k`;
  await step('/contracts', { contractId: contract, clientId, service: 'household help', schedule: [{ day: 'monday', start: '09:00', end: '11:00' }], startDate: '2026-02-01', endDate: '2026-12-31', tacitRenewal: true, paymentMode: 'direct_debit', quoteRef: 'Q-1' });
  await step(`/contracts/${contract}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
  await step(`/contracts/${contract}/sign`, { signedAt: '2026-01-21', signedBy: life.fullName });
  return life;
}

describeBuilt('Online backup and restore of the embedded data directory', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close({ keepData: true });
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('backs up under load; the restore verifies up to the backup head and serves the same client files', async () => {
    const [dataDir, backupDir, restored, rebuilt] = ['bk-data', 'bk-backup', 'bk-restored', 'bk-rebuilt'].map(freshDir);
    dirs.push(dataDir, backupDir, restored, rebuilt);
    const server = await startServer(dataDir);
    const lives: Life[] = [];
    let alive = true;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; alive; n += 1) lives.push(await live(server, `bk-w${w}-n${n}`));
    });
    await new Promise((r) => setTimeout(r, 500));
    const backup = await runNode([BACKUP, backupDir], { QUALIREC_DATA_DIR: dataDir });
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
    await new Promise((r) => setTimeout(r, 200));
    alive = false;
    await Promise.all(writers);
    const manifest = JSON.parse(backup.stdout) as BackupManifest;
    expect(manifest).toMatchObject({ events: manifest.head, dataDir });
    expect(manifest.files.map((f) => f.name)).toEqual(['read-models.db', 'events.db', 'keys.db']);
    expect(manifest.readModelsUpTo).toBeLessThanOrEqual(manifest.head);
    const written = Math.max(...lives.flatMap((l) => l.positions));
    // The service kept writing while the backup ran: the backup is a snapshot, not the end.
    expect(manifest.head).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(manifest.head);

    // The client files as the running service shows them, for the lives the backup holds whole.
    const whole = lives.filter((l) => Math.max(...l.positions) <= manifest.head);
    const registered = lives.filter((l) => l.positions[0] <= manifest.head);
    expect(whole.length).toBeGreaterThan(0);
    const original = new Map<string, unknown>();
    for (const life of whole) {
      const res = await server.get(`/clients/${life.clientId}?minPosition=${written}`);
      expect(res.status).toBe(200);
      original.set(life.clientId, await res.json());
    }
    await server.stop();

    // Restore (docs/operations.md): the files into an empty data directory; read-models.db may stay
    // out, it is then rebuilt from the log.
    for (const file of readdirSync(backupDir).filter((f) => f !== 'manifest.json')) copyFileSync(join(backupDir, file), join(restored, file));
    for (const file of ['events.db', 'keys.db']) copyFileSync(join(backupDir, file), join(rebuilt, file));
    expect(existsSync(join(rebuilt, 'read-models.db'))).toBe(false);
    for (const dir of [restored, rebuilt]) {
      const app = await startTestApp({}, dir);
      apps.push(app);
      expect((await app.as('auditor').get('/audit/verify')).body).toEqual({ ok: true, eventsChecked: manifest.head });
      const list = await app.as('quality').get(`/clients?limit=1000&minPosition=${manifest.head}`);
      expect(list.body.total).toBe(registered.length);
      for (const life of whole) {
        const res = await app.as('quality').get(`/clients/${life.clientId}`);
        expect({ id: life.clientId, body: res.body }).toEqual({ id: life.clientId, body: original.get(life.clientId) });
      }
    }
    // Personal data is shown in clear: the keys came back with the log.
    expect(original.get(whole[0].clientId)).toMatchObject({ fullName: whole[0].fullName });
    process.stderr.write(
      `backup figures: ${manifest.head} events backed up in ${manifest.seconds} s while the service went on to ${written}; ${whole.length} client files identical after restore\n`,
    );
  }, 90_000);
});
