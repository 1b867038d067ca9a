import { createHash, randomUUID } from 'node:crypto';

/**
 * A UUID derived from a name (RFC 9562 version 5 layout, SHA-1): the same command id always gives
 * the same event ids and the same new aggregate id, so a retried request appends nothing new.
 */
export function deterministicUuid(...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a new aggregate: given by the caller, else derived from the command id, else random. */
export function newAggregateId(given: string | undefined, commandId: string | undefined, kind: string): string {
  return given ?? (commandId ? deterministicUuid('aggregate', kind, commandId) : randomUUID());
}
