import { existsSync, readdirSync } from 'node:fs';
import type { DeadlinePolicy } from '../../src/complaints/complaint.deadlines.js';
import { loadConfig } from '../../src/config/config.js';
import { openEventStore } from '../../src/event-store/event-store.module.js';
import { openKeyStore } from '../../src/personal-data/personal-data.module.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data.vault.js';
import type { KeyStore } from '../../src/personal-data/key-store.port.js';
import { clientSubject } from '../../src/personal-data/personal-fields.js';
import { AgencyLife } from './agency-life.js';
import { START, YEARS } from './calendar.js';
import { ClientLife } from './client-life.js';
import { Handlers } from './handlers.js';
import { HeadquartersLife } from './headquarters-life.js';
import { HeavyClientLife } from './heavy-client-life.js';
import { LogWriter } from './log-writer.js';
import { clientPlan, type OrganisationShape, shapeOf, staffPlan } from './organisation.js';
import { type Output, Recorder } from './recorder.js';
import { Simulation } from './simulation.js';
import { StaffLife } from './staff-life.js';
import { World } from './world.js';
import { WriterThread } from './writer-thread.js';

export interface DatasetOptions {
  /** Total events to write, approximately (±1 %). */
  events: number;
  seed: number;
  /** An empty or missing directory: becomes a QUALIREC_DATA_DIR (events.db, keys.db). Read models are NOT built (the benchmark measures the rebuild). */
  dir: string;
  /** Events of the one "long-lived" client whose history the auditor reads (default: min(10_000, events / 10)). */
  heavyClientEvents?: number;
}

export interface Dataset {
  dir: string;
  seed: number;
  events: number; // events actually in the log (= head position)
  clients: number;
  staff: number;
  agencies: string[]; // agency ids/codes as used in events and `?agency=` of /indicators
  years: number[]; // business years covered, e.g. [2022, 2023, 2024, 2025, 2026]
  heavyClient: { id: string; events: number };
  /** A handful (≥ 20) of ordinary client ids, for state-at and history reads. */
  sampleClientIds: string[];
  /** Wall time the generation took, ms. */
  ms: number;
}

export interface Progress {
  /** `sizing`: the dry run that finds how many clients give the events asked; `writing`: the run that writes the log. */
  phase: 'sizing' | 'writing';
  events: number;
}

/** Below this, the cooperative's fixed yearly facts (objectives, payroll, seals, meetings) leave too little room for clients. */
export const MIN_EVENTS = 2000;

/**
 * Writes the log of a simulated home-help cooperative over 2022–2026 into `dir`, through the
 * application's own deciders, envelope, sealing, hash chain and event store. The same seed gives
 * the same organisation, ids, business data, business and recording times, in the same order;
 * only what the application draws at random for security differs from one run to the next: the
 * personal-data keys in `keys.db` and the encryption IVs, hence the sealed values and the hashes.
 */
export async function generateDataset(options: DatasetOptions, onProgress?: (progress: Progress) => void): Promise<Dataset> {
  const started = performance.now();
  const { events, seed, dir } = options;
  if (!Number.isInteger(events) || events < MIN_EVENTS) throw new RangeError(`events must be a whole number of at least ${MIN_EVENTS}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: the dataset needs a fresh data directory`);
  const heavy = Math.max(10, options.heavyClientEvents ?? Math.min(10_000, Math.floor(events / 10)));
  const config = loadConfig({ QUALIREC_DATA_DIR: dir });
  const policy = { acknowledgeWorkingDays: config.complaintAckWorkingDays, answerDays: config.complaintAnswerDays };
  const shape = await sizeOrganisation(seed, events, heavy, policy, onProgress);
  const clientId = (index: number) => clientPlan(shape, index).clientId;
  const subjects = Array.from({ length: shape.clients }, (_, i) => clientSubject(clientId(i)));
  for (let i = 0; i < shape.staff; i += 1) subjects.push(`staff:${staffPlan(shape, i).staffId}`);
  const keys = await openKeyStore(config);
  try {
    await createKeys(keys, subjects);
    // Built, the log is written by a worker thread, on the second core; from the TypeScript sources (jest), here.
    const sink = WriterThread.available() ? await WriterThread.start(dir) : new LogWriter(await openEventStore(config));
    let recorder: Recorder;
    try {
      recorder = await simulate(shape, policy, { vault: new PersonalDataVault(keys), sink }, onProgress);
    } catch (error) {
      await sink.finish().catch(() => undefined);
      throw error;
    }
    const head = await sink.finish();
    if (head !== recorder.position) throw new Error(`The log ends at ${head}, ${recorder.position} events were recorded`);
    const heavyId = clientId(0);
    return {
      dir,
      seed,
      events: head,
      clients: shape.clients,
      staff: shape.staff,
      agencies: shape.agencies.map((a) => a.code),
      years: YEARS,
      heavyClient: { id: heavyId, events: recorder.historyLength(heavyId) },
      sampleClientIds: [...shape.sampleIndices].map(clientId),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await keys.dispose();
  }
}

/**
 * How many clients give the events asked. Every other count follows from it, and a client's life
 * depends on its seed and index, hardly on how many others there are. A dry run (the same
 * simulation, nothing sealed, hashed or written) counts the events of an estimate's clients, at
 * most its first `SIZING_CLIENTS`, whose events are then known exactly; the difference to the
 * events asked is made up at the events per client that run measured. Small organisations, where
 * the clients so added or removed could move the count by more than a few per mille, are dry-run
 * again until it is that close (the shape then written is one whose count is known).
 */
async function sizeOrganisation(seed: number, events: number, heavy: number, policy: DeadlinePolicy, onProgress?: (progress: Progress) => void): Promise<OrganisationShape> {
  let clients = Math.max(SAMPLE_MINIMUM, Math.round((events - heavy - FIXED_EVENTS) / EVENTS_PER_CLIENT));
  let best: { clients: number; miss: number } | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const sized = Math.min(clients, SIZING_CLIENTS);
    const counted = (await simulate(shapeOf(seed, sized, heavy), policy, undefined, onProgress)).position;
    const perClient = (counted - heavy - FIXED_EVENTS) / sized;
    const corrected = Math.max(SAMPLE_MINIMUM, Math.round(sized + (events - counted) / perClient));
    // The clients added or removed bring their own spread (a client's events vary by about ±7): fine when small against the total.
    if (sized < clients || 7 * Math.sqrt(Math.abs(corrected - clients)) <= events * SIZING_TOLERANCE) return shapeOf(seed, corrected, heavy);
    const miss = Math.abs(counted - events);
    if (!best || miss < best.miss) best = { clients, miss };
    if (miss <= events * SIZING_TOLERANCE || attempt === SIZING_ATTEMPTS || corrected === clients) return shapeOf(seed, best.clients, heavy);
    clients = corrected;
  }
}

/** Enough clients for the heavy one and the samples the benchmark reads. */
const SAMPLE_MINIMUM = 30;
/** The dry run's clients at most: enough for the events per client to be known within a few per mille. */
const SIZING_CLIENTS = 30_000;
/** How close a small organisation's dry run must come to the events asked, and in how many runs at most. */
const SIZING_TOLERANCE = 0.003;
const SIZING_ATTEMPTS = 6;
/** What one more client adds to the log, with its share of staff, surveys and complaints: the first estimate. */
const EVENTS_PER_CLIENT = 12.2;
/** What the cooperative records whatever its size: objectives, seals, reviews, newsletters, the smallest agencies' yearly facts. */
const FIXED_EVENTS = 500;

/** Runs the organisation's lives to the end of the period; with an output, the log is written as it goes. */
async function simulate(shape: OrganisationShape, policy: DeadlinePolicy, output: Output | undefined, onProgress?: (progress: Progress) => void): Promise<Recorder> {
  const sim = new Simulation(START);
  const recorder = new Recorder(sim, output);
  const world = new World(shape, sim, new Handlers(recorder, policy));
  for (let i = 0; i < shape.staff; i += 1) {
    const plan = staffPlan(shape, i);
    sim.at(plan.registeredAt, () => new StaffLife(world, plan).start());
  }
  for (let i = 0; i < shape.clients; i += 1) {
    const plan = clientPlan(shape, i);
    sim.at(plan.registeredAt, () => (i === 0 ? new HeavyClientLife(world, plan, shape.heavyClientEvents) : new ClientLife(world, plan)).start());
  }
  for (const { code } of shape.agencies) sim.at(START, () => new AgencyLife(world, code).start());
  sim.at(START, () => new HeadquartersLife(world).start());
  let reported = 0;
  await sim.run(async () => {
    await recorder.keepUp();
    if (recorder.position - reported >= 50_000) {
      reported = recorder.position;
      onProgress?.({ phase: output ? 'writing' : 'sizing', events: reported });
    }
  });
  return recorder;
}

/**
 * Every client's and staff member's key before the run, in large groups (the store creates in one
 * transaction the keys asked for in one turn): created on first use instead, each new person would
 * cost the simulation a turn of the event loop and `keys.db` a commit.
 */
async function createKeys(keys: KeyStore, subjects: string[]): Promise<void> {
  for (let i = 0; i < subjects.length; i += 20_000) await Promise.all(subjects.slice(i, i + 20_000).map((s) => keys.keyFor(s)));
}
