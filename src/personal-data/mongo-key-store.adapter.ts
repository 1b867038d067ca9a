import { randomBytes } from 'node:crypto';
import { Binary, type Collection, MongoClient } from 'mongodb';
import { type KeyStore, SubjectErasedError } from './key-store.port.js';

interface KeyDocument {
  _id: string;
  key: Binary | null;
  erasedAt?: Date;
}

/** Keys in MongoDB, apart from the events in EventStoreDB. */
export class MongoKeyStore implements KeyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
  ) {}

  static async connect(uri: string, dbName?: string): Promise<MongoKeyStore> {
    const client = await MongoClient.connect(uri);
    return new MongoKeyStore(client, client.db(dbName).collection<KeyDocument>('_subject_keys'));
  }

  async keyFor(subject: string): Promise<Buffer> {
    // Insert-if-absent: concurrent first uses agree on one key, and a destroyed key is never re-created.
    const doc = await this.keys.findOneAndUpdate(
      { _id: subject },
      { $setOnInsert: { key: new Binary(randomBytes(32)) } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc?.key) throw new SubjectErasedError(subject);
    return Buffer.from(doc.key.buffer);
  }

  async find(subject: string): Promise<Buffer | null> {
    const doc = await this.keys.findOne({ _id: subject });
    return doc?.key ? Buffer.from(doc.key.buffer) : null;
  }

  async destroy(subject: string): Promise<void> {
    await this.keys.updateOne({ _id: subject }, { $set: { key: null, erasedAt: new Date() } }, { upsert: true });
  }

  async dispose(): Promise<void> {
    await this.client.close();
  }
}
