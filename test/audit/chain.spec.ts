import { ChainVerifier, type ChainedContent, eventHash, GENESIS, advanceDigest, emptyDigest, SEAL_STREAM, type VerifiableEvent, canonicalJson } from '../../src/audit/chain.js';

/** Builds a chained log the way the command executor does. */
function log(spec: [stream: string, type: string, data?: Record<string, unknown>][]): VerifiableEvent[] {
  const heads = new Map<string, { revision: number; hash: string }>();
  return spec.map(([streamId, type, data = {}], i) => {
    const head = heads.get(streamId);
    const prevHash = head?.hash ?? GENESIS;
    const content: ChainedContent = { streamId, revision: head ? head.revision + 1 : 0, eventId: `e-${i}`, type, schemaVersion: 1, data, metadata: { recordedAt: `2026-01-0${(i % 9) + 1}`, prevHash } };
    const hash = eventHash(prevHash, content);
    heads.set(streamId, { revision: content.revision, hash });
    return { ...content, metadata: { ...content.metadata, hash }, position: i + 1 };
  });
}

function verify(events: VerifiableEvent[], seals: { position: number; upTo: number; digest: { sum: string; streams: number } }[] = []) {
  const verifier = new ChainVerifier(seals);
  for (const e of events) verifier.add(e);
  return verifier.result();
}

/** A seal as the sealer would record it after `events`. */
function sealAfter(events: VerifiableEvent[], position: number) {
  let digest = emptyDigest();
  for (const e of events.filter((x) => x.streamId !== SEAL_STREAM)) {
    digest = advanceDigest(digest, { streamId: e.streamId, revision: e.revision, hash: e.metadata.hash as string, prevHash: e.metadata.prevHash as string });
  }
  return { position, upTo: events[events.length - 1].position, digest };
}

describe('Hash chain and seals', () => {
  const events = log([
    ['client-1', 'ClientRegistered', { fullName: 'enc:v1:…' }],
    ['contract-1', 'ContractDrafted', { clientId: '1' }],
    ['contract-1', 'ContractValidated'],
    ['client-2', 'ClientRegistered'],
    ['contract-1', 'ContractSigned'],
  ]);

  it('hashes canonically: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const [first] = events;
    const reordered = { ...first, data: Object.fromEntries(Object.entries(first.data as object)), metadata: Object.fromEntries(Object.entries(first.metadata).reverse()) };
    expect(eventHash(GENESIS, reordered)).toBe(first.metadata.hash);
    expect(eventHash(GENESIS, { ...first, type: 'Other' })).not.toBe(first.metadata.hash);
  });

  it('accepts an untouched log', () => {
    expect(verify(events)).toEqual({ ok: true, eventsChecked: 5 });
  });

  it('catches an altered event at its position', () => {
    const altered = events.map((e) => (e.position === 3 ? { ...e, data: { note: 'edited' } } : e));
    expect(verify(altered)).toMatchObject({ ok: false, firstBadPosition: 3, reason: 'content does not match its hash' });
  });

  it('catches an event removed from the middle of a stream', () => {
    expect(verify(events.filter((e) => e.position !== 3))).toMatchObject({ ok: false, firstBadPosition: 5 });
  });

  it('catches an event whose hash was recomputed without its predecessor', () => {
    const forged = events.map((e) => {
      if (e.position !== 5) return e;
      const metadata = { ...e.metadata, prevHash: GENESIS };
      return { ...e, metadata: { ...metadata, hash: eventHash(GENESIS, { ...e, metadata }) } };
    });
    expect(verify(forged)).toMatchObject({ ok: false, firstBadPosition: 5, reason: expect.stringContaining('previous hash') });
  });

  it('needs a seal to catch a stream removed whole, or cut at its end, and the seal catches both', () => {
    const seal = sealAfter(events, 6);
    expect(verify(events, [seal])).toEqual({ ok: true, eventsChecked: 5 });
    const withoutClient2 = events.filter((e) => e.streamId !== 'client-2');
    expect(verify(withoutClient2)).toMatchObject({ ok: true });
    expect(verify(withoutClient2, [seal])).toMatchObject({ ok: false, firstBadPosition: 6 });
    const truncated = events.filter((e) => e.position !== 5);
    expect(verify(truncated, [seal])).toMatchObject({ ok: false, firstBadPosition: 6 });
  });

  it('keeps the digest of heads independent of the order streams moved in', () => {
    const a = sealAfter(events, 9).digest;
    const b = sealAfter([events[3], ...events.filter((e) => e.position !== 4)], 9).digest;
    expect(b).toEqual(a);
    expect(a.streams).toBe(3);
  });
});
