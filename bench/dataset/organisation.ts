import { newAggregateId } from '../../src/shared/ids.js';
import { DAY, END, HOUR, START, dateOf, officeHours, sometimeBetween } from './calendar.js';
import { Random } from './random.js';
import { AGENCIES, type AgencyInfo } from './vocabulary.js';

/**
 * The size of the simulated cooperative, all drawn from the number of clients: about one agency
 * per 5,000 clients (3 to 30), one staff member per 40 clients (at least two per agency).
 */
export interface OrganisationShape {
  seed: number;
  clients: number;
  staff: number;
  agencies: AgencyInfo[];
  /** Relative sizes of the agencies, largest first. */
  weights: number[];
  /** Events the long-lived client (index 0) gets in its history. */
  heavyClientEvents: number;
  /** Ordinary clients whose id the benchmark reads: kept from erasure. */
  sampleIndices: Set<number>;
  /** How many former clients have their personal data erased (each erasure rewrites `keys.db`). */
  erasures: number;
}

const SAMPLE_CLIENTS = 24;
/** Sample clients were registered before this: the benchmark reads their state on dates of 2024–2026. */
const SAMPLES_REGISTERED_BEFORE = Date.UTC(2024, 0, 1);

export function shapeOf(seed: number, clients: number, heavyClientEvents: number): OrganisationShape {
  const agencyCount = Math.min(AGENCIES.length, Math.max(3, Math.round(clients / 5000)));
  const agencies = AGENCIES.slice(0, agencyCount);
  const shape: OrganisationShape = {
    seed,
    clients,
    staff: Math.max(2 * agencyCount, Math.round(clients / 40)),
    agencies,
    weights: agencies.map((_, i) => 1 / Math.sqrt(i + 1)),
    heavyClientEvents,
    sampleIndices: new Set(),
    erasures: Math.min(10, Math.max(1, Math.round(clients / 20_000))),
  };
  return { ...shape, sampleIndices: sampleClients(shape) };
}

/** Ordinary clients spread over the indices, registered in 2022–2023 (others if too few were). */
function sampleClients(shape: OrganisationShape): Set<number> {
  const step = Math.max(1, Math.floor((shape.clients - 1) / (4 * SAMPLE_CLIENTS)));
  const early = new Set<number>();
  for (let i = 1; i < shape.clients && early.size < SAMPLE_CLIENTS; i += step) if (clientPlan(shape, i).registeredAt < SAMPLES_REGISTERED_BEFORE) early.add(i);
  for (let i = 1; i < shape.clients && early.size < SAMPLE_CLIENTS; i += 1) early.add(i);
  return early;
}

/** A client as planned before the simulation starts: its id is needed early, to create its key with the others'. */
export interface ClientPlan {
  index: number;
  random: Random;
  commandId: string;
  clientId: string;
  agency: string;
  registeredAt: number;
  /** A family with young children (childcare), else an elderly person (help at home). */
  family: boolean;
}

/**
 * Client 0 is the long-lived one, registered in the first week. A quarter of the others were the
 * cooperative's clients when the record started (registered in its first two months); the rest
 * come over the years, a little more often as the cooperative grows.
 */
export function clientPlan(shape: OrganisationShape, index: number): ClientPlan {
  const random = Random.of(shape.seed, 'client', index);
  const commandId = random.uuid();
  const clientId = newAggregateId(undefined, commandId, 'client');
  if (index === 0) return { index, random, commandId, clientId, agency: shape.agencies[0].code, registeredAt: START + 7 * DAY + 9 * HOUR, family: false };
  const agency = shape.agencies[random.weighted(shape.weights)].code;
  const opening = START + 7 * DAY;
  const registeredAt = random.chance(0.25)
    ? sometimeBetween(random, opening, opening + 50 * DAY)
    : officeHours(random, opening + 50 * DAY + random.next() ** 0.85 * (END - 3 * DAY - opening - 50 * DAY));
  return { index, random, commandId, clientId, agency, registeredAt, family: random.chance(0.18) };
}

export interface StaffPlan {
  index: number;
  random: Random;
  commandId: string;
  staffId: string;
  agency: string;
  hiredAt: string;
  registeredAt: number;
}

/**
 * Two staff members per agency, and about half of the others, were employed when the record
 * started: registered in its first week, hired years before. The rest are hired over the years.
 */
export function staffPlan(shape: OrganisationShape, index: number): StaffPlan {
  const random = Random.of(shape.seed, 'staff', index);
  const commandId = random.uuid();
  const staffId = newAggregateId(undefined, commandId, 'staff');
  const agencyCount = shape.agencies.length;
  const agency = shape.agencies[index < 2 * agencyCount ? index % agencyCount : random.weighted(shape.weights)].code;
  if (index < 2 * agencyCount || random.chance(0.5)) {
    const hiredAt = dateOf(sometimeBetween(random, Date.UTC(2008, 0, 1), Date.UTC(2021, 11, 15)));
    return { index, random, commandId, staffId, agency, hiredAt, registeredAt: officeHours(random, START + random.int(0, 4) * DAY) };
  }
  const registeredAt = officeHours(random, sometimeBetween(random, START + 30 * DAY, END - 20 * DAY));
  return { index, random, commandId, staffId, agency, hiredAt: dateOf(registeredAt), registeredAt };
}
