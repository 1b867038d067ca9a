import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, type ChainedContent, eventHash } from '../../src/audit/chain.js';

/**
 * The hash of every event already stored depends on the exact text `canonicalJson` writes and on
 * how `eventHash` feeds SHA-256: any faster version must give the same bytes. The reference below
 * is the first implementation, as the existing logs were chained with it.
 */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function referenceEventHash(prevHash: string, event: ChainedContent): string {
  const { streamId, revision, eventId, type, schemaVersion, data } = event;
  const { hash: _hash, ...metadata } = event.metadata;
  const content = referenceCanonicalJson({ streamId, revision, eventId, type, schemaVersion, data, metadata: { ...metadata, prevHash } });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['a', 'b', 'B', 'aa', 'a_b', 'é', 'Ω', '\u{1F600}', '10', '2', '', ' ', '"quoted"', 'back\\slash', 'line\nbreak', 'z', 'Z', 'clientId', 'prevHash', 'hash'];

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 8 : 11));
  switch (pick) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return next() < 0.5;
    case 3:
      return [0, -0, 1.5, -7, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity][Math.floor(next() * 9)];
    case 4:
      return ['', 'plain', 'enc:v1:abc:def', 'quote " and \\ backslash', 'é Ω \u{1F600}', '\u0000\u001f\u2028', 'lone \ud800 surrogate'][Math.floor(next() * 7)];
    case 5:
      return new Date(Date.UTC(2026, 0, 1 + Math.floor(next() * 300)));
    case 6:
      return () => 1;
    case 7:
      return Math.floor(next() * 1000);
    case 8:
    case 9: {
      const object: Record<string, unknown> = {};
      const n = Math.floor(next() * 6);
      for (let i = 0; i < n; i += 1) object[KEYS[Math.floor(next() * KEYS.length)]] = value(next, depth + 1);
      return object;
    }
    default: {
      const array = Array.from({ length: Math.floor(next() * 5) }, () => value(next, depth + 1));
      if (next() < 0.1) array.length += 2; // holes
      return array;
    }
  }
}

describe('canonical JSON and event hashes stay byte for byte what the log was chained with', () => {
  it('writes the same text as the first implementation for any JSON-like value', () => {
    const next = random(20261125);
    for (let i = 0; i < 20_000; i += 1) {
      const v = value(next, 0);
      expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
    }
  });

  it('hashes events as before, whatever their metadata (a stale prevHash or hash included)', () => {
    const next = random(42);
    for (let i = 0; i < 5_000; i += 1) {
      const prevHash = createHash('sha256').update(String(i)).digest('hex');
      const metadata = { ...(value(next, 2) as object), actor: { id: 'k', role: 'integration' }, ...(next() < 0.3 ? { prevHash: 'stale', hash: 'old' } : {}) };
      const event: ChainedContent = { streamId: `s-${i}`, revision: i % 7, eventId: randomUUID(), type: 'T', schemaVersion: 1, data: value(next, 1), metadata: metadata as Record<string, unknown> };
      expect(eventHash(prevHash, event)).toBe(referenceEventHash(prevHash, event));
    }
  });

  it('gives the hash the first implementation gave (computed with it at 331b54b)', () => {
    const event: ChainedContent = {
      streamId: 'client-1',
      revision: 0,
      eventId: '00000000-0000-5000-8000-000000000000',
      type: 'ClientRegistered',
      schemaVersion: 1,
      data: { clientId: '1', fullName: 'enc:v1:…', agency: 'lyon', dependent: true, nothing: undefined },
      metadata: { actor: { id: 'k', role: 'integration', name: 'k' }, commandId: 'c', occurredAt: '2026-01-01', recordedAt: '2026-01-01T10:00:00.000Z' },
    };
    expect(eventHash('0'.repeat(64), event)).toBe(referenceEventHash('0'.repeat(64), event));
    expect(eventHash('0'.repeat(64), event)).toBe('e9b327016fcbdcf12aea94d35bcf17f87ee8211332cd412119ed1e8c7c8d3170');
  });
});
