/**
 * Decides whether a suite that needs a real server (EventStoreDB, MongoDB) can run here:
 * a connection string from the environment, or a container started by testcontainers when a
 * Docker engine answers. Otherwise the suite is skipped and the reason printed, never faked.
 */
export type ServerTarget =
  | { kind: 'connection-string'; value: string }
  | { kind: 'container' }
  | { kind: 'unavailable'; reason: string };

export async function serverTarget(envVar: string): Promise<ServerTarget> {
  const fromEnv = process.env[envVar];
  if (fromEnv) return { kind: 'connection-string', value: fromEnv };
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { kind: 'container' };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { kind: 'unavailable', reason: `${envVar} is not set and no Docker engine answers (${why})` };
  }
}

/** `describe` when the server is reachable, else a skipped describe with the reason printed. */
export function describeIfServer(title: string, target: ServerTarget, body: () => void): void {
  if (target.kind === 'unavailable') {
    // Straight to stderr: jest drops console output of a file whose tests are all skipped.
    process.stderr.write(`SKIPPED ${title}: ${target.reason}\n`);
    describe.skip(`${title} (skipped: ${target.reason})`, body);
    return;
  }
  describe(title, body);
}
