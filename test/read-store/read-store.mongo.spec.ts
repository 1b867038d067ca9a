import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { StartedTestContainer } from 'testcontainers';
import { MongoReadStore } from '../../src/read-store/mongo-read-store.adapter.js';
import { describeIfServer, serverTarget } from '../support/server-availability.js';
import { readStoreContract } from './read-store.contract.js';

const target = await serverTarget('MONGODB_URI');

/**
 * A single-node replica set, so commits run in transactions as in production. The member is
 * named 127.0.0.1:27017 inside the container, unreachable from here: clients connect directly
 * to the mapped port instead of discovering the set.
 */
async function startReplicaSet(): Promise<{ container: StartedTestContainer; uri: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('mongo:8')
    .withExposedPorts(27017)
    .withCommand(['--replSet', 'rs0', '--bind_ip_all'])
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/i))
    .start();
  const uri = `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/?directConnection=true`;
  const client = new MongoClient(uri);
  try {
    const admin = client.db('admin');
    await admin.command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: '127.0.0.1:27017' }] } });
    const deadline = Date.now() + 30_000;
    while (!(await admin.command({ hello: 1 })).isWritablePrimary) {
      if (Date.now() > deadline) throw new Error('the MongoDB replica set elected no primary within 30s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await container.stop();
    throw error;
  } finally {
    await client.close();
  }
  return { container, uri };
}

describeIfServer('MongoReadStore', target, () => {
  const dbName = `qualirec_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let container: StartedTestContainer | undefined;
  let uri: string;

  // Declared before the contract's hooks, so it runs first; pulling the image can take minutes.
  beforeAll(async () => {
    if (target.kind === 'connection-string') {
      uri = target.value;
    } else {
      ({ container, uri } = await startReplicaSet());
    }
  }, 300_000);

  readStoreContract(
    () => MongoReadStore.connect(uri, dbName),
    (store) => store.dispose(),
  );

  // Declared after the contract's hooks, so it runs once the store is disposed.
  afterAll(async () => {
    if (!uri) return;
    const client = new MongoClient(uri);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
      await container?.stop();
    }
  }, 60_000);
});
