/**
 * Per-subject encryption keys, kept apart from the events (embedded: `keys.db`; with servers:
 * MongoDB). Destroying a key is crypto-shredding: every value sealed with it is gone for good.
 */
export interface KeyStore {
  /** The subject's key, created on first use; throws SubjectErasedError once destroyed. */
  keyFor(subject: string): Promise<Buffer>;
  /** The key, or null when it was destroyed or never existed. */
  find(subject: string): Promise<Buffer | null>;
  /** Destroys the key for good and remembers that it did (no new key is ever made for the subject). */
  destroy(subject: string): Promise<void>;
  dispose(): Promise<void>;
}

export const KEY_STORE = Symbol('KeyStore');

export class SubjectErasedError extends Error {
  constructor(readonly subject: string) {
    super(`The personal data of ${subject} was erased: nothing personal can be recorded for it any more`);
    this.name = 'SubjectErasedError';
  }
}
