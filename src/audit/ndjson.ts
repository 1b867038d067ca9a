import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';

/** Events read from the log per page for an export: memory stays flat whatever the period. */
export const EXPORT_PAGE = 1000;

/**
 * One event as stored, with exactly the fields the hash covers (and its position): a line of the
 * export can be handed to `ChainVerifier.add` as it is parsed.
 */
export function storedEvent({ streamId, revision, position, eventId, type, schemaVersion, data, metadata }: RecordedEvent) {
  return { streamId, revision, position, eventId, type, schemaVersion, data, metadata };
}

const lines = (events: readonly RecordedEvent[]) => events.map((event) => `${JSON.stringify(storedEvent(event))}\n`).join('');

/** An `application/x-ndjson` answer, one stored event per line, produced as the client reads it. */
export function ndjsonFile(pages: AsyncIterable<readonly RecordedEvent[]> | Iterable<readonly RecordedEvent[]>, filename: string): StreamableFile {
  async function* text() {
    for await (const page of pages) if (page.length) yield lines(page);
  }
  return new StreamableFile(Readable.from(text()), { type: 'application/x-ndjson', disposition: `attachment; filename="${filename}"` });
}

/**
 * The log page by page in commit order, up to `upTo` (the head when the export was asked, so it
 * does not chase what is appended meanwhile), keeping the events recorded (`metadata.recordedAt`,
 * UTC date) within `from`..`to`, both included.
 */
export async function* periodPages(store: EventStore, { upTo, from, to }: { upTo: number; from?: string; to?: string }): AsyncGenerator<RecordedEvent[]> {
  const within = (event: RecordedEvent) => {
    const day = String(event.metadata.recordedAt).slice(0, 10);
    return (!from || day >= from) && (!to || day <= to);
  };
  let after = 0;
  while (after < upTo) {
    const page = await store.readAll({ after, maxCount: EXPORT_PAGE });
    if (page.length === 0) return;
    yield page.filter((event) => event.position <= upTo && within(event));
    after = page[page.length - 1].position;
  }
}
