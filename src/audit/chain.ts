import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/**
 * Tamper evidence as plain functions. Every event carries `metadata.hash`: SHA-256 over the
 * previous event's hash in its stream and the event's own content as stored (personal fields
 * encrypted, so destroying a key changes nothing here). A seal holds a digest of every stream's
 * head up to a position, so a removed or truncated stream is caught too.
 */

export const GENESIS = '0'.repeat(64);
/** The stream where seals are recorded; it is chained like any other but not part of the digest. */
export const SEAL_STREAM = 'audit-seals';

export interface ChainedContent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
}

/**
 * JSON with object keys in a fixed order, so the same content always hashes the same. Every stored
 * hash depends on this exact text (test/audit/chain-canonical.spec.ts holds the first version as
 * the reference): arrays as `JSON.stringify` would write them but with their elements canonical
 * (`undefined` and functions leave an empty slot), object keys in code-unit order with `undefined`
 * values left out, anything else as `JSON.stringify` writes it.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  // Keys are distinct: the default sort (UTF-16 code units) orders them as `<` does.
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    text += (text.length > 1 ? ',' : '') + jsonKey(key) + ':' + canonicalJson(v);
  }
  return text + '}';
}

/** Strings JSON.stringify writes as they are, between quotes: no quote, backslash, control character or surrogate. */
const VERBATIM = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const jsonString = (text: string): string => (VERBATIM.test(text) ? `"${text}"` : JSON.stringify(text));
/** Object keys repeat from event to event (the fields of each schema): their JSON is kept. */
const keyTexts = new Map<string, string>();
function jsonKey(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyTexts.size < 10_000) keyTexts.set(key, text);
  }
  return text;
}

/** One-shot SHA-256 where Node has it (≥ 20.12, 21.7): the same digest without a Hash object per event. */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');

/** The hash of an event: chained to `prevHash`, over everything stored but the hash itself. */
export function eventHash(prevHash: string, event: ChainedContent): string {
  const { streamId, revision, eventId, type, schemaVersion, data } = event;
  const { hash: _hash, ...metadata } = event.metadata;
  metadata.prevHash = prevHash;
  const content = canonicalJson({ streamId, revision, eventId, type, schemaVersion, data, metadata });
  // The same bytes as hashing prevHash, then '\n', then the content.
  return sha256Hex(`${prevHash}\n${content}`);
}

const MODULUS = 1n << 256n;

/** One stream head's share of the digest. */
function headTerm(streamId: string, revision: number, hash: string): bigint {
  return BigInt(`0x${sha256Hex(`${streamId}\n${revision}\n${hash}`)}`);
}

/**
 * The digest of all stream heads, kept as a sum of one hash per head (modulo 2^256): moving a
 * stream's head is one subtraction and one addition, so it follows the log event by event.
 */
export interface HeadsDigest {
  sum: string;
  streams: number;
}

export const emptyDigest = (): HeadsDigest => ({ sum: '0', streams: 0 });

/** The digest after `event` became its stream's head (its previous head, if any, leaves). */
export function advanceDigest(digest: HeadsDigest, event: { streamId: string; revision: number; hash: string; prevHash: string }): HeadsDigest {
  let sum = BigInt(digest.sum);
  if (event.revision > 0) sum -= headTerm(event.streamId, event.revision - 1, event.prevHash);
  sum = (((sum + headTerm(event.streamId, event.revision, event.hash)) % MODULUS) + MODULUS) % MODULUS;
  return { sum: sum.toString(), streams: digest.streams + (event.revision === 0 ? 1 : 0) };
}

export interface VerifiableEvent extends ChainedContent {
  position: number;
}

export interface Verification {
  ok: boolean;
  eventsChecked: number;
  firstBadPosition?: number;
  reason?: string;
}

export interface Seal {
  position: number;
  upTo: number;
  digest: HeadsDigest;
}

/**
 * Checks events read in commit order: each hash, each link to the previous event of its stream,
 * revisions without gaps, and the digest of stream heads at every seal. Feed it page by page.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private digest = emptyDigest();
  private checked = 0;
  private bad?: { position: number; reason: string };
  private sealIndex = 0;
  private lastChained = 0;

  constructor(private readonly seals: Seal[]) {
    this.seals = [...seals].sort((a, b) => a.upTo - b.upTo);
  }

  add(event: VerifiableEvent): void {
    if (this.bad) return;
    this.checkSealsBefore(event.position);
    if (this.bad) return;
    this.checked += 1;
    const hash = event.metadata.hash;
    const prevHash = event.metadata.prevHash;
    const head = this.heads.get(event.streamId);
    const expectedRevision = head ? head.revision + 1 : 0;
    if (typeof hash !== 'string' || typeof prevHash !== 'string') return this.fail(event.position, 'event carries no hash');
    if (event.revision !== expectedRevision) return this.fail(event.position, `revision ${event.revision} follows ${expectedRevision - 1} in ${event.streamId}`);
    if (prevHash !== (head?.hash ?? GENESIS)) return this.fail(event.position, `previous hash does not match the head of ${event.streamId}`);
    if (eventHash(prevHash, event) !== hash) return this.fail(event.position, 'content does not match its hash');
    this.heads.set(event.streamId, { revision: event.revision, hash });
    if (event.streamId !== SEAL_STREAM) {
      this.digest = advanceDigest(this.digest, { streamId: event.streamId, revision: event.revision, hash, prevHash });
      this.lastChained = event.position;
    }
  }

  /** Seals whose position the log has passed must match the heads as they stood there. */
  private checkSealsBefore(position: number): void {
    while (this.sealIndex < this.seals.length && this.seals[this.sealIndex].upTo < position) {
      const seal = this.seals[this.sealIndex];
      if (this.lastChained !== seal.upTo || seal.digest.sum !== this.digest.sum || seal.digest.streams !== this.digest.streams) {
        return this.fail(seal.position, `the seal up to ${seal.upTo} does not match the stream heads: a stream was removed, truncated or altered`);
      }
      this.sealIndex += 1;
    }
  }

  private fail(position: number, reason: string): void {
    this.bad = { position, reason };
  }

  result(): Verification {
    this.checkSealsBefore(Number.POSITIVE_INFINITY);
    return this.bad
      ? { ok: false, eventsChecked: this.checked, firstBadPosition: this.bad.position, reason: this.bad.reason }
      : { ok: true, eventsChecked: this.checked };
  }
}
