import { randomInt } from 'node:crypto';
import type { Role } from '../../src/config/config.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port.js';
import { KEYS, startTestApp, type TestApp } from '../support/test-app.js';
import { BodyFuzzer, CREATED_ID, HOSTILE_STRINGS, INDICATORS, type JsonSchema, type Pools, Prng } from './body-fuzzer.js';

/**
 * Fuzzes every command route (every POST and PUT of the OpenAPI document) with ≥ 10,000 requests
 * from a seeded PRNG: valid-looking bodies built from each route's own schema, then hostile ones.
 * Every answer must be a 2xx or a problem (400/404/409/413, 415 for a non-JSON content type), never
 * a 5xx; the log must hold exactly the events of the accepted commands; nothing may be polluted.
 *
 *   FUZZ_SEED=1234 npm run test:fuzz        replays a run (the seed is printed at the start)
 *   FUZZ_REQUESTS=50000 npm run test:fuzz   a longer run
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const BATCH = 64;
const BODY_LIMIT = 64 * 1024;

interface Route {
  method: 'POST' | 'PUT';
  path: string;
  schema?: JsonSchema;
  params: string[];
  /** The collection a creation route makes (`POST /clients`), when it has no path parameter. */
  creating?: string;
  role: Role;
}

interface Sent {
  route: Route;
  commandId: string;
  status: number;
  body: any;
  contentType: string;
  url: string;
  mutations: string[];
}

const write = (text: string) => process.stdout.write(`${text}\n`);

describe('Fuzzing every command route', () => {
  let t: TestApp;
  let routes: Route[];
  const rng = new Prng(SEED);
  const pools: Pools = { ids: new Map() };
  const fuzzer = new BodyFuzzer(rng, pools, String(SEED));
  /** Path sub-ids (changeId, requestId, actionId) accepted under a parent id. */
  const subIds = new Map<string, { parent: string; value: string }[]>();
  const sent: Sent[] = [];
  const protoKeysBefore = {
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    func: Object.getOwnPropertyNames(Function.prototype).sort(),
    string: Object.getOwnPropertyNames(String.prototype).sort(),
  };

  beforeAll(async () => {
    write(`fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED} npm run test:fuzz`);
    t = await startTestApp({ bodyLimit: BODY_LIMIT, rateLimitPerMinute: 0, sealIntervalMs: 86_400_000, sagaTickMs: 86_400_000 });
    const doc = (await t.as('admin').get('/docs/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: { 'application/json'?: { schema?: JsonSchema } } } }>>;
    };
    routes = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (method !== 'post' && method !== 'put') continue;
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const first = path.split('/')[1];
        routes.push({
          method: method.toUpperCase() as 'POST' | 'PUT',
          path,
          schema: operation.requestBody?.content?.['application/json']?.schema,
          params,
          creating: params.length === 0 && CREATED_ID[first] ? first : undefined,
          role: 'integration',
        });
      }
    }
    // The integration key where it may; otherwise the first role the route accepts (the guard answers before validation).
    for (const route of routes) {
      for (const role of ['integration', 'quality', 'admin'] as Role[]) {
        const url = route.path.replace(/\{(\w+)\}/g, 'probe');
        const res = await t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${KEYS[role]}`, 'content-type': 'application/json' }, payload: 'null' });
        route.role = role;
        if (res.statusCode !== 403) break;
      }
    }
  });
  afterAll(() => t?.close());

  const pathValue = (route: Route, param: string, parentId: string | undefined): string => {
    const first = route.path.split('/')[1];
    if (param === 'year') return rng.chance(0.85) ? String(rng.int(2024, 2027)) : rng.pick(['99999', '-1', 'abc', '2026.5', '0x7E6', '']);
    if (param === 'indicator') return rng.chance(0.8) ? rng.pick(INDICATORS) : encodePath(rng.pick(HOSTILE_STRINGS) || 'x');
    if (param !== 'id') {
      const known = (subIds.get(param) ?? []).filter((s) => s.parent === parentId);
      if (known.length && rng.chance(0.75)) return encodePath(rng.pick(known).value);
    } else {
      const known = fuzzer.existing(first);
      if (known && rng.chance(0.75)) return encodePath(known);
    }
    // Random: id-like, hostile (encoded), or raw oddities of a URL path.
    const kind = rng.int(0, 3);
    if (kind === 0) return fuzzer.freshId(param);
    if (kind === 1) return encodePath(rng.pick(HOSTILE_STRINGS)) || '%20';
    if (kind === 2) return rng.pick(['%ZZ', '%', '..', '.', '%2e%2e', '%2F', '%00', 'a%2Fb', '%C0%AF', '%EF%BF%BF', '%ED%A0%80', 'x'.repeat(5000)]);
    return encodePath(fuzzer.freshId(param) + rng.pick(['é', '\u202E', '😀', ' ', "'"]));
  };

  const send = async (route: Route, index: number, valid: boolean): Promise<void> => {
    const commandId = `fuzz-${SEED}-${index}`;
    let parentId: string | undefined;
    let url = route.path;
    for (const param of route.params) {
      const value = pathValue(route, param, parentId);
      if (param === 'id') parentId = decodeURIComponentSafe(value);
      url = url.replace(`{${param}}`, value);
    }
    const { value, text, mutations } = fuzzer.body(route.schema, route.creating, !valid, rng.chance(0.8) ? commandId : undefined);
    let payload: string | Buffer = text;
    let contentType = 'application/json';
    if (!valid && rng.chance(0.04)) {
      // Not JSON, or not what it claims to be.
      const raw = rng.int(0, 6);
      if (raw === 0) payload = text.slice(0, Math.max(1, rng.int(0, text.length - 1)));
      else if (raw === 1) payload = Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from(text.slice(10))]);
      else if (raw === 2) payload = '';
      else if (raw === 3) payload = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}';
      else if (raw === 4) contentType = rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']);
      else if (raw === 5) contentType = rng.pick(['application/json; charset=utf-16', 'application/JSON', 'application/json;;', 'application/vnd.api+json']);
      else payload = `${text}${text}`;
      mutations.push(`raw:${raw}`);
    }
    const response = await t.app.inject({
      method: route.method,
      url,
      headers: { authorization: `Bearer ${KEYS[route.role]}`, 'content-type': contentType, 'idempotency-key': commandId },
      payload,
    });
    let body: any;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      body = response.body;
    }
    const record: Sent = { route, commandId, status: response.statusCode, body, contentType: String(response.headers['content-type'] ?? ''), url, mutations };
    sent.push(record);
    if (response.statusCode === 201 || response.statusCode === 200) learn(route, parentId, value, body);
  };

  /** What an accepted command created becomes an id later requests may use. */
  const learn = (route: Route, parentId: string | undefined, value: unknown, answer: { id?: string; streamId?: string }) => {
    const collection = Object.entries({ client: 'clients', contract: 'contracts', staff: 'staff', complaint: 'complaints', action: 'actions', survey: 'surveys', meeting: 'quality-meetings' }).find(
      ([prefix]) => answer.streamId?.startsWith(`${prefix}-`),
    )?.[1];
    if (collection && answer.id) {
      const ids = pools.ids.get(collection) ?? [];
      if (!ids.includes(answer.id)) ids.push(answer.id);
      pools.ids.set(collection, ids);
    }
    if (parentId && value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'string' && key.endsWith('Id') && key !== 'commandId') subIds.set(key, [...(subIds.get(key) ?? []), { parent: parentId, value: v }]);
      }
    }
  };

  it(
    `answers ${TOTAL} fuzzed commands with 2xx or a problem, never a 5xx, and records exactly the accepted ones`,
    async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const before = await store.headPosition();
      const started = Date.now();
      let index = 0;
      // Warm-up: valid creations in dependency order, so that path and body ids exist.
      const order = ['staff', 'clients', 'contracts', 'complaints', 'surveys', 'quality-meetings', 'actions', 'newsletters'];
      const creations = routes.filter((r) => r.creating).sort((a, b) => order.indexOf(a.creating!) - order.indexOf(b.creating!));
      for (let round = 0; round < 4; round += 1) for (const route of creations) await send(route, index++, true);
      // Sub-resources (changes of situation, replacement requests…) so their path ids exist too.
      for (const route of routes.filter((r) => r.params.length === 1)) await send(route, index++, true);
      while (index < TOTAL) {
        const batch: Promise<void>[] = [];
        for (let n = 0; n < BATCH && index < TOTAL; n += 1) batch.push(send(rng.pick(routes), index++, rng.chance(0.3)));
        await Promise.all(batch);
      }
      const fuzzSeconds = (Date.now() - started) / 1000;

      // 1. Every answer: an expected status, and a problem document whenever it is not a success.
      const byStatus = new Map<number, number>();
      for (const s of sent) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
      const unexpected = sent.filter((s) => ![200, 201, 400, 404, 409, 413].includes(s.status) && !(s.status === 415 && s.mutations.some((m) => m === 'raw:4' || m === 'raw:5')));
      const notProblems = sent.filter((s) => s.status >= 300 && !/^application\/problem\+json/.test(s.contentType));
      const leaks = sent.filter((s) => /node_modules|\bat .+:\d+:\d+\)|\.ts:\d+/.test(JSON.stringify(s.body ?? '')));
      const show = (list: Sent[]) =>
        list.slice(0, 5).map((s) => ({ route: `${s.route.method} ${s.route.path}`, url: s.url.slice(0, 120), status: s.status, mutations: s.mutations, body: JSON.stringify(s.body)?.slice(0, 400) }));
      expect(show(unexpected)).toEqual([]);
      expect(show(notProblems)).toEqual([]);
      expect(show(leaks)).toEqual([]);

      // 2. Let the saga act on what was accepted, then read what the log holds now.
      await settle(t);
      const events: RecordedEvent[] = [];
      for (let after = before; ; ) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) break;
        events.push(...page);
        after = page[page.length - 1].position;
      }
      const accepted = sent.filter((s) => s.status === 201 || s.status === 200);
      const acceptedIds = new Set(accepted.map((s) => s.commandId));
      const sentIds = new Set(sent.map((s) => s.commandId));
      const seals = new Set(accepted.filter((s) => s.route.path === '/audit/seals' && s.status === 201).map((s) => s.body.position as number));
      const byCommand = new Map<string, RecordedEvent[]>();
      const unexplained: RecordedEvent[] = [];
      const acceptedEventIds = new Set<string>();
      // A command that writes two aggregates gives the second half its own id, `<commandId>:<suffix>`.
      const sentIdOf = (event: RecordedEvent) => String(event.metadata.commandId ?? '').split(':')[0];
      for (const event of events) {
        const commandId = sentIdOf(event);
        if (sentIds.has(commandId)) {
          byCommand.set(commandId, [...(byCommand.get(commandId) ?? []), event]);
          if (acceptedIds.has(commandId)) acceptedEventIds.add(event.eventId);
        }
      }
      for (const event of events) {
        if (sentIds.has(sentIdOf(event))) continue;
        if (seals.has(event.position)) continue;
        // The continuity saga's effects: caused by an accepted change of situation, by the system.
        if (event.metadata.actor.role === 'system' && acceptedEventIds.has(String(event.metadata.causationId))) continue;
        unexplained.push(event);
      }
      const refusedButRecorded = [...byCommand.keys()].filter((id) => !acceptedIds.has(id));
      const acceptedButMissing = accepted.filter((s) => s.status === 201 && s.route.path !== '/audit/seals' && !byCommand.has(s.commandId));
      const wrongPosition = accepted.filter(
        (s) => s.status === 201 && byCommand.has(s.commandId) && !(byCommand.get(s.commandId)!.some((e) => e.position === s.body.position) && byCommand.get(s.commandId)!.some((e) => e.streamId === s.body.streamId)),
      );
      expect(refusedButRecorded.slice(0, 5)).toEqual([]);
      expect(show(acceptedButMissing)).toEqual([]);
      expect(show(wrongPosition)).toEqual([]);
      expect(unexplained.slice(0, 5).map((e) => ({ type: e.type, stream: e.streamId, metadata: e.metadata }))).toEqual([]);
      expect(events.length).toBe((await store.headPosition()) - before);
      expect(accepted.filter((s) => s.status === 201).length).toBeGreaterThan(100);

      // 3. Nothing polluted a prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore.object);
      expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(protoKeysBefore.array);
      expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(protoKeysBefore.func);
      expect(Object.getOwnPropertyNames(String.prototype).sort()).toEqual(protoKeysBefore.string);
      expect((await t.as(null).get('/health')).body.status).toBe('ok');

      const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
      write(
        `fuzz seed ${SEED}: ${sent.length} requests on ${routes.length} command routes in ${fuzzSeconds.toFixed(1)} s; answers ${statuses}; ` +
          `${events.length} events appended (${byCommand.size} accepted commands, ${seals.size} seals, ${events.length - [...byCommand.values()].flat().length - seals.size} saga effects)`,
      );
    },
    240_000,
  );
});

/** Percent-encodes every byte but the unreserved ones; a lone surrogate goes as U+FFFD, as a client would send it. */
function encodePath(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[\w.~-]/.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Waits until the log has not moved for half a second and every projection has reached its head. */
async function settle(t: TestApp): Promise<void> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 300 && still < 5; i += 1) {
    const health = (await t.as(null).get('/health')).body as { eventStore: { head: number }; projections: { position: number; status: string }[] };
    const head = health.eventStore.head;
    const caughtUp = health.projections.every((p) => p.status === 'halted' || p.position >= head);
    still = head === last && caughtUp ? still + 1 : 0;
    last = head;
    await new Promise((r) => setTimeout(r, 100));
  }
}
