import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { StartedTestContainer } from 'testcontainers';
import { EsdbEventStore } from '../../src/event-store/esdb-event-store.adapter.js';
import { describeIfServer, serverTarget } from '../support/server-availability.js';
import { eventStoreContract } from './event-store.contract.js';

const target = await serverTarget('EVENTSTORE_CONNECTION_STRING');

/** A throwaway single node, in memory, without TLS or projections: the linker needs none. */
async function startEventStore(): Promise<{ container: StartedTestContainer; connectionString: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('eventstore/eventstore:24.10')
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
    .withStartupTimeout(180_000)
    .start();
  const connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  try {
    await waitUntilWritable(connectionString);
  } catch (error) {
    await container.stop();
    throw error;
  }
  return { container, connectionString };
}

/** Live over HTTP is not yet leader: wait until a write goes through. */
async function waitUntilWritable(connectionString: string): Promise<void> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await client.appendToStream(`warm-up-${randomUUID()}`, jsonEvent({ type: 'WarmedUp', data: {} }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await client.dispose();
  }
}

describeIfServer('EsdbEventStore', target, () => {
  let container: StartedTestContainer | undefined;
  let connectionString: string;

  // Declared before the contract's hooks, so it runs first; pulling the image can take minutes.
  beforeAll(async () => {
    if (target.kind === 'connection-string') {
      connectionString = target.value;
    } else {
      ({ container, connectionString } = await startEventStore());
    }
  }, 300_000);

  eventStoreContract(
    () => EsdbEventStore.connect(connectionString),
    (store) => store.dispose(),
  );

  // Declared after the contract's hooks, so it runs once the store is disposed.
  afterAll(async () => {
    await container?.stop();
  }, 60_000);
});
