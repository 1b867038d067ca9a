import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainVerifier } from '../../src/audit/chain.js';
import { erasureDecider } from '../../src/audit/erasure.decider.js';
import type { ClientCommand } from '../../src/continuity/client.commands.js';
import { clientDecider } from '../../src/continuity/client.decider.js';
import type { ContractCommand } from '../../src/contracts/contract.commands.js';
import { contractDecider } from '../../src/contracts/contract.decider.js';
import { type CommandContext, CommandExecutor } from '../../src/event-store/command-executor.service.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { isSealed } from '../../src/personal-data/cipher.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data.vault.js';
import { clientSubject } from '../../src/personal-data/personal-fields.js';
import { type DeclarePayroll, payrollDecider } from '../../src/staff/payroll.decider.js';
import { SqliteKeyStore } from '../../src/personal-data/sqlite-key-store.adapter.js';
import { BusinessRuleViolation, StaleRevision } from '../../src/shared/domain-errors.js';
import { DuplicateEventIdError } from '../../src/event-store/event-store.port.js';

/**
 * The executor's stream cache. Two writers on one log: `a` and `b` are two executors, each with its
 * own connection to the same SQLite file, as two API processes (or an API and the projector) are.
 */
describe('CommandExecutor: streams kept in memory', () => {
  let dir: string;
  let storeA: SqliteEventStore;
  let storeB: SqliteEventStore;
  let keys: SqliteKeyStore;
  let a: CommandExecutor;
  let b: CommandExecutor;
  let n = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qualirec-cache-'));
    storeA = new SqliteEventStore(join(dir, 'events.db'));
    storeB = new SqliteEventStore(join(dir, 'events.db'));
    keys = new SqliteKeyStore(join(dir, 'keys.db'));
    a = new CommandExecutor(storeA, new PersonalDataVault(keys));
    b = new CommandExecutor(storeB, new PersonalDataVault(keys));
  });

  afterEach(async () => {
    await storeA.dispose();
    await storeB.dispose();
    await keys.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const ctx = (commandId?: string, extra: Partial<CommandContext> = {}): CommandContext => ({
    actor: { id: 'test', role: 'integration', name: 'test' },
    ...(commandId ? { commandId } : {}),
    correlationId: 'corr',
    occurredAt: '2026-01-10',
    ...extra,
  });
  const fullName = 'Zéphyrine Quillebeuf-Unique';
  const address = '12 impasse des Tilleuls-Unique, 69003 Lyon';

  const onClient = (executor: CommandExecutor, command: ClientCommand, context: CommandContext) =>
    executor.execute(
      {
        decider: clientDecider,
        aggregate: 'client',
        id: command.clientId,
        streamId: `client-${command.clientId}`,
        command,
        mustExist: command.type !== 'RegisterClient',
        clientId: command.clientId,
      },
      context,
    );
  const register = (executor: CommandExecutor, clientId: string) =>
    onClient(
      executor,
      { type: 'RegisterClient', clientId, fullName, address, birthDate: '1941-05-02', agency: 'lyon', dependent: true, wantsSecondVisit: false },
      ctx(`register-${clientId}`),
    );
  const visit = (executor: CommandExecutor, clientId: string, visitId: string, commandId = `cmd-${++n}`) =>
    onClient(executor, { type: 'RecordFollowUpVisit', clientId, visitId, visitedAt: '2026-01-12', by: 'quality' }, ctx(commandId));
  const onContract = (executor: CommandExecutor, command: ContractCommand, context: CommandContext) =>
    executor.execute(
      {
        decider: contractDecider,
        aggregate: 'contract',
        id: command.contractId,
        streamId: `contract-${command.contractId}`,
        command,
        mustExist: command.type !== 'DraftContract',
        clientId: 'c1',
      },
      context,
    );
  const draft = (executor: CommandExecutor, contractId: string) =>
    onContract(
      executor,
      {
        type: 'DraftContract',
        contractId,
        clientId: 'c1',
        agency: 'lyon',
        service: 'household help',
        schedule: [{ day: 'monday', start: '09:00', end: '11:00' }],
        startDate: '2026-02-01',
        tacitRenewal: true,
        paymentMode: 'direct_debit',
      },
      ctx(`draft-${contractId}`),
    );
  const validate = (executor: CommandExecutor, contractId: string, commandId = `cmd-${++n}`) =>
    onContract(executor, { type: 'ValidateContract', contractId, validatedAt: '2026-01-20', validatedBy: 'quality' }, ctx(commandId));
  const sign = (executor: CommandExecutor, contractId: string, commandId = `cmd-${++n}`) =>
    onContract(executor, { type: 'SignContract', contractId, signedAt: '2026-01-25', signedBy: 'Jeanne' }, ctx(commandId));

  const types = async (streamId: string) => (await storeA.readStream(streamId)).map((e) => e.type);
  const chainHolds = async () => {
    const verifier = new ChainVerifier([]);
    for (const event of await storeA.readAll({ maxCount: 10_000 })) verifier.add(event);
    return verifier.result();
  };
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  it('decides a command on a hot stream without reading it, and answers as a read would', async () => {
    await register(a, 'c1');
    await visit(a, 'c1', 'v1');
    const read = jest.spyOn(storeA, 'readStream');
    const third = await visit(a, 'c1', 'v2');
    expect(read).not.toHaveBeenCalled();
    expect(third).toEqual({ id: 'c1', streamId: 'client-c1', revision: 2, position: 3, replayed: false });
    // A rule decided on the cached state, confirmed against the log before it is answered.
    const again = await refusal(visit(a, 'c1', 'v2'));
    expect(again).toBeInstanceOf(BusinessRuleViolation);
    expect((again as BusinessRuleViolation).rule).toBe('visit-recorded-once');
    // The state in memory is the one folding the log gives.
    const folded = (await storeA.readStream('client-c1')).reduce((state, event) => clientDecider.evolve(state, event as never), clientDecider.initialState());
    expect(a.cachedStreams().find((s) => s.streamId === 'client-c1')?.state).toEqual(folded);
    expect(await chainHolds()).toMatchObject({ ok: true, eventsChecked: 3 });
    read.mockRestore();
  });

  it('stores the metadata of each event with its fields in the order the log always had', async () => {
    await onClient(a, { type: 'RegisterClient', clientId: 'm1', fullName, address, agency: 'lyon', dependent: false, wantsSecondVisit: false }, ctx('m1', { causationId: 'because' }));
    await draft(a, 'm2');
    const [caused] = await storeB.readStream('client-m1');
    const [drafted] = await storeB.readStream('contract-m2');
    expect(Object.keys(caused.metadata)).toEqual(['clientId', 'actor', 'commandId', 'correlationId', 'causationId', 'occurredAt', 'recordedAt', 'prevHash', 'hash']);
    expect(Object.keys(drafted.metadata)).toEqual(['clientId', 'actor', 'commandId', 'correlationId', 'occurredAt', 'recordedAt', 'prevHash', 'hash']);
    const noClient = await a.execute(
      { decider: payrollDecider, aggregate: 'payroll', id: '2030', streamId: 'payroll-2030', command: { type: 'DeclarePayroll', year: 2030, amount: 5 }, mustExist: false },
      { actor: { id: 'k', role: 'integration' }, occurredAt: '2030-01-01' },
    );
    const [declared] = await storeB.readStream(noClient.streamId);
    expect(Object.keys(declared.metadata)).toEqual(['actor', 'commandId', 'correlationId', 'occurredAt', 'recordedAt', 'prevHash', 'hash']);
    expect(declared.metadata.correlationId).toBe(declared.metadata.commandId);
  });

  it('decides on the true state after another writer changed the stream: a refusal becomes the success it is', async () => {
    await draft(a, 'k1'); // a holds the draft
    await validate(b, 'k1'); // b, another process, validates it
    // a's memory says "draft": signing is refused there, but the log says "validated".
    const signed = await sign(a, 'k1');
    expect(signed).toMatchObject({ revision: 2, replayed: false });
    expect(await types('contract-k1')).toEqual(['ContractDrafted', 'ContractValidated', 'ContractSigned']);
    expect(await chainHolds()).toMatchObject({ ok: true });
  });

  it('loses no update and records no duplicate when another writer appended meanwhile', async () => {
    await register(a, 'c2');
    await visit(b, 'c2', 'v1'); // unknown to a
    await visit(a, 'c2', 'v2'); // a appends at its stale revision: refused by the log, decided again
    expect(await types('client-c2')).toEqual(['ClientRegistered', 'FollowUpVisitRecorded', 'FollowUpVisitRecorded']);
    await visit(b, 'c2', 'v3');
    // The same visit again through a: its memory lacks v3, the log does not.
    const duplicate = await refusal(visit(a, 'c2', 'v3'));
    expect((duplicate as BusinessRuleViolation).rule).toBe('visit-recorded-once');
    await draft(a, 'k2');
    await validate(b, 'k2');
    const twice = await refusal(validate(a, 'k2'));
    expect((twice as BusinessRuleViolation).rule).toBe('contract-validated-only-from-draft');
    expect(await types('contract-k2')).toEqual(['ContractDrafted', 'ContractValidated']);
    expect(await chainHolds()).toMatchObject({ ok: true });
  });

  it('answers an idempotent retry with the same result, whichever writer recorded the command', async () => {
    await register(a, 'c3');
    const first = await visit(a, 'c3', 'v1', 'retry-me');
    const read = jest.spyOn(storeA, 'readStream');
    expect(await visit(a, 'c3', 'v1', 'retry-me')).toEqual({ ...first, replayed: true });
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
    // The same retry reaching the other process (which reads the stream).
    expect(await visit(b, 'c3', 'v1', 'retry-me')).toEqual({ ...first, replayed: true });
    // A command b recorded, retried through a whose memory does not know it.
    const byB = await visit(b, 'c3', 'v2', 'recorded-by-b');
    expect(await visit(a, 'c3', 'v2', 'recorded-by-b')).toEqual({ ...byB, replayed: true });
    // The retry of a creation, from memory.
    expect(await register(a, 'c3')).toMatchObject({ revision: 0, replayed: true });
    expect(await types('client-c3')).toEqual(['ClientRegistered', 'FollowUpVisitRecorded', 'FollowUpVisitRecorded']);
  });

  it('checks If-Match against the log, not against a stale memory', async () => {
    await register(a, 'c4');
    await visit(b, 'c4', 'v1'); // the stream is at revision 1; a remembers 0
    expect(await visit(a, 'c4', 'v2', undefined).then(() => 'ok')).toBe('ok'); // a now knows revision 2
    await visit(b, 'c4', 'v3'); // revision 3, unknown to a
    const pinned = (ifMatch: number, visitId: string) =>
      onClient(a, { type: 'RecordFollowUpVisit', clientId: 'c4', visitId, visitedAt: '2026-01-12', by: 'quality' }, ctx(`pin-${visitId}`, { ifMatch }));
    const stale = await refusal(pinned(2, 'v4'));
    expect(stale).toBeInstanceOf(StaleRevision);
    expect((stale as StaleRevision).actual).toBe(3);
    expect(await pinned(3, 'v5')).toMatchObject({ revision: 4 });
  });

  it('keeps concurrent commands of one process on one stream consistent', async () => {
    await register(a, 'c5');
    const results = await Promise.all(['v1', 'v2', 'v3', 'v4'].map((v) => visit(a, 'c5', v)));
    expect(results.map((r) => r.revision).sort()).toEqual([1, 2, 3, 4]);
    expect(a.cachedStreams().find((s) => s.streamId === 'client-c5')?.revision).toBe(4);
    await visit(a, 'c5', 'v5');
    expect(await types('client-c5')).toHaveLength(6);
    expect(await chainHolds()).toMatchObject({ ok: true });
  });

  it('holds at most its capacity of streams, least recently used dropped first', async () => {
    const small = new CommandExecutor(storeA, new PersonalDataVault(keys), 3);
    for (const id of ['l1', 'l2', 'l3']) await register(small, id);
    await visit(small, 'l1', 'v1'); // l1 is now the most recent
    await register(small, 'l4');
    await register(small, 'l5');
    expect(small.cacheStats()).toEqual({ streams: 3, capacity: 3 });
    expect(small.cachedStreams().map((s) => s.streamId)).toEqual(['client-l1', 'client-l4', 'client-l5']);
    // A stream dropped from memory is read again.
    expect(await visit(small, 'l2', 'v1')).toMatchObject({ revision: 1, replayed: false });
    expect(await small.exists('client-l3')).toBe(true);
    expect(small.cacheStats().streams).toBe(3);
    // Beyond 16 streams, an entry used again among the most recent sixteenth keeps its place: the bound is the same.
    const mid = new CommandExecutor(storeA, new PersonalDataVault(keys), 32);
    for (let i = 0; i < 48; i += 1) {
      await register(mid, `m${i}`);
      if (i % 3 === 0) await mid.exists('client-m0');
    }
    expect(mid.cacheStats()).toEqual({ streams: 32, capacity: 32 });
    expect(mid.cachedStreams().map((s) => s.streamId)).toContain('client-m0');
    const off = new CommandExecutor(storeA, new PersonalDataVault(keys), 0);
    await visit(off, 'l3', 'v1');
    expect(off.cacheStats()).toEqual({ streams: 0, capacity: 0 });
  });

  it('serves exists() and first() from memory, and reads the rest', async () => {
    await register(a, 'c6');
    const read = jest.spyOn(storeA, 'readStream');
    expect(await a.exists('client-c6')).toBe(true);
    const first = await a.first('client-c6');
    expect(read).not.toHaveBeenCalled();
    expect(first).toMatchObject({ type: 'ClientRegistered', streamId: 'client-c6', revision: 0, position: 1, data: { agency: 'lyon' } });
    expect(first).toEqual((await storeB.readStream('client-c6', { maxCount: 1 }))[0]);
    expect(Object.isFrozen(first!.data)).toBe(true);
    expect(await a.exists('client-nobody')).toBe(false);
    expect(await a.first('client-nobody')).toBeUndefined();
    read.mockRestore();
    // A stream another writer created: read once (with the decider: folded on the way), then in memory.
    await draft(b, 'k6');
    const reads = jest.spyOn(storeA, 'readStream');
    expect(await a.first('contract-k6', contractDecider)).toMatchObject({ type: 'ContractDrafted' });
    await validate(a, 'k6');
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it('holds personal data only sealed, and nothing readable once the person is erased', async () => {
    await register(a, 'c7');
    await onClient(
      a,
      { type: 'ReportChangeOfSituation', clientId: 'c7', changeId: 'm1', kind: 'address_change', channel: 'phone', urgent: false, reportedAt: '2026-01-11', effectiveFrom: '2026-02-01', details: 'Moves in with her daughter-Unique', newAddress: address },
      ctx('move'),
    );
    await a.first('client-c7');
    const held = () => JSON.stringify(a.cachedStreams());
    for (const clear of [fullName, address, '1941-05-02', 'daughter-Unique']) expect(held()).not.toContain(clear);
    const first = await a.first('client-c7');
    expect(isSealed(first!.data.fullName)).toBe(true);

    const vault = new PersonalDataVault(keys);
    expect(await vault.reveal(first!.data.fullName)).toBe(fullName);
    await a.execute(
      {
        decider: erasureDecider,
        aggregate: 'erasure',
        id: 'c7',
        streamId: 'erasure-c7',
        command: { type: 'EraseClientPersonalData', clientId: 'c7', requestedAt: '2026-03-01', by: 'admin' },
        mustExist: false,
        clientId: 'c7',
      },
      ctx('erase'),
    );
    await vault.erase(clientSubject('c7'));
    for (const clear of [fullName, address, '1941-05-02', 'daughter-Unique']) expect(held()).not.toContain(clear);
    expect(await new PersonalDataVault(keys).reveal((await a.first('client-c7'))!.data)).toMatchObject({ fullName: '[erased]', address: '[erased]' });
  });

  it('with a store that cannot tell a replay from a write (EventStoreDB), keeps first events only, and reads before deciding', async () => {
    const opaque = {
      appendToStream: storeA.appendToStream.bind(storeA),
      readStream: storeA.readStream.bind(storeA),
    } as unknown as SqliteEventStore;
    const esdbLike = new CommandExecutor(opaque, new PersonalDataVault(keys));
    const read = jest.spyOn(opaque, 'readStream');
    expect(await register(esdbLike, 'e1')).toMatchObject({ revision: 0, replayed: false });
    expect(read).toHaveBeenCalledTimes(1); // the creation read its stream
    // The retry reads the stream and finds its command there: 200, as before the cache.
    expect(await register(esdbLike, 'e1')).toMatchObject({ revision: 0, replayed: true });
    expect(read).toHaveBeenCalledTimes(2);
    // What was read may serve the next command; what it appended is not folded in: the one after reads.
    await visit(esdbLike, 'e1', 'v1');
    expect(read).toHaveBeenCalledTimes(2);
    await visit(esdbLike, 'e1', 'v2');
    expect(read).toHaveBeenCalledTimes(3);
    expect(esdbLike.cachedStreams().map((s) => [s.streamId, s.revision])).toEqual([['client-e1', undefined]]);
    expect(await esdbLike.exists('client-e1')).toBe(true);
    expect(read).toHaveBeenCalledTimes(3);
    expect(await types('client-e1')).toEqual(['ClientRegistered', 'FollowUpVisitRecorded', 'FollowUpVisitRecorded']);
    expect(await chainHolds()).toMatchObject({ ok: true });
  });

  describe('a creation on a stream not in memory, decided without reading it', () => {
    const payroll = (executor: CommandExecutor, amount: number, commandId: string) => {
      const command: DeclarePayroll = { type: 'DeclarePayroll', year: 2026, agency: 'lyon', amount };
      return executor.execute({ decider: payrollDecider, aggregate: 'payroll', id: '2026-lyon', streamId: 'payroll-2026-lyon', command, mustExist: false }, ctx(commandId));
    };

    it('reads nothing for a new stream', async () => {
      const read = jest.spyOn(storeA, 'readStream');
      expect(await register(a, 'p1')).toMatchObject({ revision: 0, position: 1, replayed: false });
      expect(read).not.toHaveBeenCalled();
      read.mockRestore();
    });

    it('answers as before when the stream exists: a rule, a replay, a stream moved by another writer', async () => {
      await register(b, 'p2');
      // Registered by another process: refused by the rule, not by anything the presumption did.
      const again = await refusal(onClient(a, { type: 'RegisterClient', clientId: 'p2', fullName, address, agency: 'lyon', dependent: false, wantsSecondVisit: false }, ctx('other-command')));
      expect((again as BusinessRuleViolation).rule).toBe('client-registered-once');
      // The retry of b's registration reaching a: the same answer, a replay.
      const c = new CommandExecutor(storeA, new PersonalDataVault(keys));
      expect(await register(c, 'p2')).toEqual({ id: 'p2', streamId: 'client-p2', revision: 0, position: 1, replayed: true });
      // A stream that is no creation's any more: declared twice, the second one from a process that never saw it.
      expect(await payroll(b, 1000, 'pay-1')).toMatchObject({ revision: 0 });
      expect(await payroll(a, 1200, 'pay-2')).toMatchObject({ revision: 1, replayed: false });
      const [, second] = await storeA.readStream('payroll-2026-lyon');
      expect(second.data).toMatchObject({ amount: 1200, previousAmount: 1000 });
      expect(await chainHolds()).toMatchObject({ ok: true });
    });

    it('answers a re-registration of an erased client with the rule, as a read first would', async () => {
      await register(b, 'p3');
      await new PersonalDataVault(keys).erase(clientSubject('p3'));
      const again = await refusal(onClient(a, { type: 'RegisterClient', clientId: 'p3', fullName, address, agency: 'lyon', dependent: false, wantsSecondVisit: false }, ctx('again-p3')));
      expect((again as BusinessRuleViolation).rule).toBe('client-registered-once');
      // A new client under an erased subject is refused by the vault.
      await new PersonalDataVault(keys).erase(clientSubject('p4'));
      const erased = await refusal(register(a, 'p4'));
      expect((erased as BusinessRuleViolation).rule).toBe('personal-data-erased');
    });

    it('answers a command id reused on another stream as before', async () => {
      await register(b, 'p5');
      // The same command id for another client: the log refuses the event id.
      const reused = await refusal(onClient(a, { type: 'RegisterClient', clientId: 'p6', fullName, address, agency: 'lyon', dependent: false, wantsSecondVisit: false }, ctx('register-p5')));
      expect(reused).toBeInstanceOf(DuplicateEventIdError);
      // …but on an existing stream, its rule comes first, as when the stream was read before deciding.
      await register(b, 'p7');
      const onExisting = await refusal(onClient(a, { type: 'RegisterClient', clientId: 'p7', fullName, address, agency: 'lyon', dependent: false, wantsSecondVisit: false }, ctx('register-p5')));
      expect((onExisting as BusinessRuleViolation).rule).toBe('client-registered-once');
    });
  });
});
