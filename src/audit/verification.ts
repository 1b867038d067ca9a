import type { EventStore } from '../event-store/event-store.port.js';
import { ChainVerifier, SEAL_STREAM, type Seal, type Verification } from './chain.js';
import type { AuditSealRecorded } from './seal.decider.js';

const PAGE = 5000;

/** Re-reads the whole log from the store and checks every hash, link and seal. */
export async function verifyLog(store: EventStore, onProgress?: (checked: number, head: number) => void): Promise<Verification> {
  const seals: Seal[] = (await store.readStream(SEAL_STREAM)).map((e) => {
    const { upTo, digest } = (e as unknown as AuditSealRecorded).data;
    return { position: e.position, upTo, digest };
  });
  const head = await store.headPosition();
  const verifier = new ChainVerifier(seals);
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    for (const event of page) verifier.add(event);
    after = page[page.length - 1].position;
    onProgress?.(after, head);
  }
  return verifier.result();
}
