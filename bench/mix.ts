import type { NextRequest } from './load.js';

/**
 * The command mix of an integration feeding qualirec, one fifth each, in turn across all
 * connections: register a client, draft a contract for a registered client, validate a drafted
 * contract, sign a validated one, register a staff member. Every request is a valid command:
 * creations carry fresh ids, validations and signatures take contracts prepared beforehand,
 * each used once, so that no two requests ever touch the same contract.
 */
export const KINDS = ['registerClient', 'draftContract', 'validateContract', 'signContract', 'registerStaff'] as const;
export type Kind = (typeof KINDS)[number];

const agencies = ['lyon', 'villeurbanne', 'grenoble', 'annecy'];
const firstNames = ['Jeanne', 'Louis', 'Marie', 'Paul', 'Odette', 'Henri', 'Simone', 'René'];
const lastNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand'];
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

export const bodies = {
  client: (n: number, extra: Record<string, unknown> = {}) => ({
    ...extra,
    fullName: `${pick(firstNames, n)} ${pick(lastNames, n >> 3)} ${n}`,
    birthDate: `19${30 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    address: `${1 + (n % 120)} rue des Lilas, 69003 Lyon`,
    agency: pick(agencies, n),
    dependent: n % 3 === 0,
    wantsSecondVisit: n % 4 === 0,
  }),
  staff: (n: number, extra: Record<string, unknown> = {}) => ({
    ...extra,
    fullName: `${pick(firstNames, n + 3)} ${pick(lastNames, n >> 2)} ${n}`,
    role: n % 5 === 0 ? 'nurse_aide' : 'home_help',
    agency: pick(agencies, n),
    qualified: n % 2 === 0,
    hiredAt: `202${n % 6}-0${1 + (n % 9)}-01`,
  }),
  contract: (n: number, clientId: string, extra: Record<string, unknown> = {}) => ({
    ...extra,
    clientId,
    service: n % 2 ? 'household help' : 'help with meals',
    schedule: [
      { day: 'monday', start: '09:00', end: '11:00' },
      { day: 'thursday', start: '14:00', end: `1${5 + (n % 3)}:30` },
    ],
    startDate: '2026-02-01',
    endDate: '2026-12-31',
    tacitRenewal: true,
    paymentMode: 'direct_debit',
    quoteRef: `Q-2026-${n}`,
  }),
  validate: (n: number, extra: Record<string, unknown> = {}) => ({
    ...extra,
    validatedAt: '2026-01-20',
    validatedBy: `quality manager ${n % 7}`,
  }),
  sign: (n: number, extra: Record<string, unknown> = {}) => ({ ...extra, signedAt: '2026-01-25', signedBy: `${pick(firstNames, n)} ${pick(lastNames, n)}` }),
};

export interface Pools {
  clients: string[];
  toValidate: string[];
  toSign: string[];
}

export class CommandMix {
  private turn = 0;
  private serial = 0;
  private validated = 0;
  private signed = 0;
  /** Requests that found their pool empty and were sent as a staff registration instead. */
  substituted = 0;

  constructor(
    private readonly tag: string,
    private readonly pools: Pools,
  ) {}

  readonly next: NextRequest = () => {
    const kind = KINDS[this.turn++ % KINDS.length];
    const n = this.serial++;
    const commandId = `${this.tag}-${n}`;
    switch (kind) {
      case 'registerClient':
        return { kind, method: 'POST', path: '/clients', body: JSON.stringify(bodies.client(n, { commandId })) };
      case 'draftContract':
        return { kind, method: 'POST', path: '/contracts', body: JSON.stringify(bodies.contract(n, pick(this.pools.clients, n), { commandId })) };
      case 'validateContract':
        if (this.validated < this.pools.toValidate.length) {
          const id = this.pools.toValidate[this.validated++];
          return { kind, method: 'POST', path: `/contracts/${id}/validate`, body: JSON.stringify(bodies.validate(n, { commandId })) };
        }
        break;
      case 'signContract':
        if (this.signed < this.pools.toSign.length) {
          const id = this.pools.toSign[this.signed++];
          return { kind, method: 'POST', path: `/contracts/${id}/sign`, body: JSON.stringify(bodies.sign(n, { commandId })) };
        }
        break;
      case 'registerStaff':
        break;
    }
    if (kind !== 'registerStaff') this.substituted += 1;
    return { kind: 'registerStaff', method: 'POST', path: '/staff', body: JSON.stringify(bodies.staff(n, { commandId })) };
  };

  /** Contracts of the pools not used yet. */
  left(): { toValidate: number; toSign: number } {
    return { toValidate: this.pools.toValidate.length - this.validated, toSign: this.pools.toSign.length - this.signed };
  }
}

/**
 * Registers one client per two contracts, drafts `toValidate + toSign` contracts (two per client,
 * as a client file rarely holds more) and validates `toSign` of them, through the HTTP API at
 * `concurrency` requests in flight, untimed. The load's drafts go to the same clients in turn.
 */
export async function preparePools(
  baseUrl: string,
  headers: Record<string, string>,
  tag: string,
  sizes: { toValidate: number; toSign: number },
  concurrency = 32,
): Promise<Pools> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`preparation: POST ${path} answered ${response.status} ${text.slice(0, 300)}`);
  };
  const contracts = Array.from({ length: sizes.toValidate + sizes.toSign }, (_, i) => `${tag}-contract-${i}`);
  const clients = Array.from({ length: Math.ceil(contracts.length / 2) }, (_, i) => `${tag}-client-${i}`);
  await inParallel(clients, concurrency, (clientId, i) => post('/clients', bodies.client(i, { clientId })));
  await inParallel(contracts, concurrency, (contractId, i) => post('/contracts', bodies.contract(i, pick(clients, i), { contractId })));
  const toSign = contracts.slice(sizes.toValidate);
  await inParallel(toSign, concurrency, (id, i) => post(`/contracts/${id}/validate`, bodies.validate(i)));
  return { clients, toValidate: contracts.slice(0, sizes.toValidate), toSign };
}

async function inParallel<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
