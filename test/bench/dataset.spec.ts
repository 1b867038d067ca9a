import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dataset, generateDataset } from '../../bench/dataset/generate.js';
import { verifyLog } from '../../src/audit/verification.js';
import { loadConfig } from '../../src/config/config.js';
import { openEventStore } from '../../src/event-store/event-store.module.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { openKeyStore } from '../../src/personal-data/personal-data.module.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data.vault.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { startTestApp } from '../support/test-app.js';

const EVENTS = 3000;
const SEED = 7;

/** The whole log, personal values opened with the directory's own keys (sealed values differ between runs: keys and IVs are random). */
async function readLog(dir: string): Promise<RecordedEvent[]> {
  const config = loadConfig({ QUALIREC_DATA_DIR: dir });
  const store = await openEventStore(config);
  const keys = await openKeyStore(config);
  try {
    const vault = new PersonalDataVault(keys);
    const events: RecordedEvent[] = [];
    for (let page = await store.readAll(); page.length; page = await store.readAll({ after: page[page.length - 1].position })) events.push(...page);
    return await vault.reveal(events);
  } finally {
    await store.dispose();
    await keys.dispose();
  }
}

/** What must be the same for the same seed: everything but the hash chain (and the seals' digest of it), which covers the sealed (random) values. */
function business({ metadata: { hash: _h, prevHash: _p, ...metadata }, ...event }: RecordedEvent) {
  const data = event.type === 'AuditSealRecorded' ? { ...event.data, digest: { streams: (event.data.digest as { streams: number }).streams } } : event.data;
  return { ...event, data, metadata };
}

describe('the benchmark dataset generator', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'qualirec-dataset-')), mkdtempSync(join(tmpdir(), 'qualirec-dataset-'))];
  let dataset: Dataset;
  let again: Dataset;
  let log: RecordedEvent[];

  beforeAll(async () => {
    dataset = await generateDataset({ events: EVENTS, seed: SEED, dir: dirs[0] });
    again = await generateDataset({ events: EVENTS, seed: SEED, dir: dirs[1] });
    log = await readLog(dirs[0]);
  }, 60_000);

  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('gives the same organisation, ids, business data and times, in the same order, for the same seed', async () => {
    const { ms: _a, dir: _d, ...shape } = dataset;
    const { ms: _b, dir: _e, ...sameShape } = again;
    expect(sameShape).toEqual(shape);
    const other = await readLog(dirs[1]);
    expect(other.length).toBe(log.length);
    other.forEach((event, i) => expect(business(event)).toEqual(business(log[i])));
    expect(other.some((event, i) => event.metadata.hash !== log[i].metadata.hash)).toBe(true);
  });

  it('writes about the events asked, and the counts it reports are those of the log', () => {
    expect(Math.abs(dataset.events - EVENTS)).toBeLessThanOrEqual(EVENTS / 100);
    expect(log.length).toBe(dataset.events);
    expect(log[log.length - 1].position).toBe(dataset.events);
    const registered = log.filter((e) => e.type === 'ClientRegistered');
    expect(registered.length).toBe(dataset.clients);
    expect(log.filter((e) => e.type === 'StaffMemberRegistered').length).toBe(dataset.staff);
    expect(new Set(registered.map((e) => e.data.agency))).toEqual(new Set(dataset.agencies));
    expect(new Set(log.map((e) => Number(e.metadata.recordedAt.slice(0, 4))))).toEqual(new Set(dataset.years));
    expect(log.filter((e) => e.metadata.clientId === dataset.heavyClient.id).length).toBe(dataset.heavyClient.events);
    expect(dataset.heavyClient.events).toBe(EVENTS / 10);
    const clients = new Set(registered.map((e) => e.data.clientId));
    expect(new Set(dataset.sampleClientIds).size).toBeGreaterThanOrEqual(20);
    for (const id of dataset.sampleClientIds) expect(clients.has(id)).toBe(true);
  });

  it('records what the domain has: every kind of fact, and pending work for the alerts', () => {
    const types = new Set(log.map((e) => e.type));
    for (const type of ['ContractSigned', 'ContractAmended', 'ContractSuspended', 'ContractResumed', 'ContractTerminated', 'ChangeOfSituationAcknowledged', 'ReplacementProposed', 'FollowUpVisitRecorded', 'BirthdayCardSent', 'ComplaintClosed', 'ComplaintActionCompleted', 'ActionCompleted', 'SurveyResponseRecorded', 'SurveyClosed', 'QualityMeetingRecorded', 'NewsletterPublished', 'QualityObjectiveSet', 'PayrollDeclared', 'TrainingRecorded', 'AnnualInterviewRecorded', 'StaffLeaveRecorded', 'AuditSealRecorded', 'ClientPersonalDataErased']) {
      expect(types).toContain(type);
    }
    expect(log.filter((e) => e.metadata.actor.id === 'continuity-saga').length).toBeGreaterThan(0);
  });

  it('rebuilds every read model without halting one, and the log verifies', async () => {
    const config = loadConfig({ QUALIREC_DATA_DIR: dirs[0] });
    const { head, projections } = await rebuildProjections(config);
    expect(head).toBe(dataset.events);
    expect(projections.filter((p) => p.status !== 'running')).toEqual([]);
    const store = await openEventStore(config);
    try {
      expect(await verifyLog(store)).toEqual({ ok: true, eventsChecked: dataset.events });
    } finally {
      await store.dispose();
    }
  }, 30_000);

  it('is served by the application', async () => {
    const app = await startTestApp({}, dirs[0]);
    try {
      const history = await app.as('auditor').get(`/clients/${dataset.heavyClient.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.events).toHaveLength(dataset.heavyClient.events);
      const state = await app.as('auditor').get(`/clients/${dataset.sampleClientIds[0]}/state?occurredAt=2026-06-30`);
      expect(state.status).toBe(200);
      const indicators = await app.as('quality').get('/indicators?year=2025');
      expect(indicators.status).toBe(200);
      expect(indicators.body.indicators.length).toBeGreaterThan(0);
      const alerts = await app.as('quality').get('/alerts');
      expect(alerts.status).toBe(200);
      for (const kind of ['contract_not_validated', 'contract_not_signed', 'change_not_acknowledged']) expect(alerts.body.alerts.some((a: { kind: string }) => a.kind === kind)).toBe(true);
      for (const status of ['draft', 'validated', 'signed', 'terminated']) {
        const contracts = await app.as('quality').get(`/contracts?status=${status}`);
        expect(contracts.status).toBe(200);
        expect(contracts.body.total).toBeGreaterThan(0);
      }
    } finally {
      await app.close({ keepData: true });
    }
  }, 30_000);
});
