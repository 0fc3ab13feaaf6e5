import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent, ScheduledEvent, SQSEvent } from 'aws-lambda';
import sesModule from 'aws-ses-v2-local';
import { emailSenderEnvVar, functionList, httpRoutes, queues, tables, type QueueKey } from '../topology';
import { createTables, streamArnOf } from './create-tables';
import { signDevToken } from './dev-token';
import { startDynamoDbLocal } from './dynamodb-local';
import { startPlatformEmulators, type PlatformEmulators } from './emulators/platform-emulators';
import { startQueuePoller } from './event-sources/queue-poller';
import { startStreamPoller } from './event-sources/stream-poller';
import { freePort } from './free-port';
import { startGateway, type LocalRoute } from './gateway';
import { loadFunctions, type LambdaHost } from './lambda-host';
import type { LocalLog } from './log';
import { startScheduler } from './scheduler';
import { ensureSecretsKeyFile } from './secrets-key-file';
import { startFeedTargets } from './feed-targets';
import { DEMO_DEALER, activateDemoFeed, seedDemoDataIfEmpty } from './seed';
import { startSqsLocal } from './sqs-local';

export interface LocalStackOptions {
  readonly rootDir: string;
  /** Gateway port; 0 picks a free one. */
  readonly port: number;
  /** Where DynamoDB Local and the stream checkpoints persist; undefined keeps all in memory. */
  readonly dataDir?: string;
  readonly jwtSecret: string;
  readonly region: string;
  readonly seedDemoData: boolean;
  /** Fire schedules on their expressions (off in tests, which use run-now). */
  readonly runSchedules: boolean;
  readonly log: LocalLog;
  /** Ports of the local FTP and SFTP feed servers; 0 (the default) picks free ones. */
  readonly feedPorts?: { readonly ftp: number; readonly sftp: number };
  /** Extra environment for every function, e.g. a short REMOVAL_SETTLE_SECONDS in tests. */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
}

export interface LocalInventory {
  /** Route keys the gateway serves, e.g. `GET /health`. */
  readonly routes: string[];
  /** Queue keys created, plus `<key>:dlq` for each dead-letter queue. */
  readonly queues: string[];
  /** Table keys whose stream is polled into a function. */
  readonly streams: string[];
  /** Schedule expressions the scheduler runs. */
  readonly schedules: string[];
}

export interface LocalStack {
  readonly url: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly ses: string };
  /** The marketplaces the connectors talk to; `mobileDe`/`autoScout24` are set when emulated here. */
  readonly platforms: Omit<PlatformEmulators, 'env' | 'stop'>;
  /** Where feed exports deliver locally: servers on loopback writing into these directories. */
  readonly feeds: {
    readonly ftp: { readonly host: string; readonly port: number; readonly root: string };
    readonly sftp: { readonly host: string; readonly port: number; readonly root: string };
  };
  readonly functions: LambdaHost;
  readonly seeded: boolean;
  /** What this stack actually wired, in topology terms (compared with the CDK template in tests). */
  readonly inventory: LocalInventory;
  readonly demoToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole system on this machine: DynamoDB Local, the SQS and SES emulators, every
 * function of the topology with its trigger (gateway, stream and queue pollers, schedules).
 * `stop()` ends everything it started, the JVM included, in reverse order.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { log, region } = options;
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) {
      try {
        await step();
      } catch (error) {
        log.warn('stop step failed', { error: String(error) });
      }
    }
  };

  try {
    const dynamo = await startDynamoDbLocal({
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
    });
    stops.push(() => dynamo.stop());
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
    await createTables(dynamoClient);

    const sqsLocal = await startSqsLocal({
      region,
      snapshotFile: options.dataDir && join(options.dataDir, 'queues.snapshot.json'),
    });
    if (sqsLocal.restored > 0) log.info(`${sqsLocal.restored} queued messages restored from the last run`);
    stops.push(() => sqsLocal.stop());
    const sqs = new SQSClient({ endpoint: sqsLocal.endpoint, region, credentials });

    const sesPort = await freePort();
    const ses = await startSes({ host: '127.0.0.1', port: sesPort });
    stops.push(() => new Promise<void>((resolve) => ses.close(() => resolve())));
    const sesEndpoint = `http://127.0.0.1:${sesPort}`;

    const platforms = await startPlatformEmulators({
      env: process.env,
      linkDemoDealer: options.seedDemoData,
      log: log.child('platforms'),
    });
    stops.push(() => platforms.stop());

    const feeds = await startFeedTargets({
      dataDir: options.dataDir,
      ftpPort: options.feedPorts?.ftp ?? 0,
      sftpPort: options.feedPorts?.sftp ?? 0,
    });
    stops.push(() => feeds.stop());

    // The SQS endpoint is named like the emulator's queue URLs, so the SDK sees one host for both.
    const sqsEndpoint = new URL(sqsLocal.queues.delta.url).origin;
    Object.assign(
      process.env,
      {
        ...handlerEnvironment(region, dynamo.endpoint, sqsEndpoint, sesEndpoint, sqsLocal.queues),
        ...options.functionEnvironment,
      },
      { DEALER_SECRETS_KEY_FILE: ensureSecretsKeyFile(options.dataDir) },
      platforms.env,
    );
    const functions = await loadFunctions(options.rootDir);

    const inventory: LocalInventory = { routes: [], queues: [], streams: [], schedules: [] };
    for (const queue of Object.values(sqsLocal.queues)) {
      inventory.queues.push(queue.key, ...(queue.deadLetter ? [`${queue.key}:dlq`] : []));
    }
    for (const fn of functionList) {
      const trigger = fn.trigger;
      if (trigger.kind === 'stream') {
        inventory.streams.push(trigger.table);
        const table = tables[trigger.table];
        const failureQueue = sqsLocal.queues[trigger.onFailureQueue];
        const poller = startStreamPoller({
          streams: new DynamoDBStreamsClient({ endpoint: dynamo.endpoint, region, credentials }),
          streamArn: await streamArnOf(dynamoClient, table.name),
          region,
          trigger,
          invoke: (event: DynamoDBStreamEvent) => functions.invoke(fn.key, event),
          onFailure: async (failure: object) => {
            log.error('stream batch given up', { function: fn.key });
            await sqs.send(
              new SendMessageCommand({ QueueUrl: failureQueue.url, MessageBody: JSON.stringify(failure) }),
            );
          },
          checkpointFile: options.dataDir && join(options.dataDir, `stream-${table.name}.checkpoint.json`),
          log: log.child(fn.key),
        });
        stops.push(() => poller.stop());
      } else if (trigger.kind === 'queue') {
        const poller = startQueuePoller({
          sqs,
          queue: sqsLocal.queues[trigger.queue],
          region,
          trigger,
          invoke: (event: SQSEvent) => functions.invoke(fn.key, event),
          log: log.child(fn.key),
        });
        stops.push(() => poller.stop());
      }
    }

    const schedules = functionList.flatMap((fn) =>
      fn.trigger.kind === 'schedule'
        ? [
            {
              name: fn.trigger.name,
              expression: fn.trigger.expression,
              invoke: (event: ScheduledEvent) => functions.invoke(fn.key, event),
            },
          ]
        : [],
    );
    const scheduleExpressions = new Map(schedules.map((schedule) => [schedule.name, schedule.expression]));
    const scheduler = startScheduler({
      schedules,
      region,
      log: log.child('scheduler'),
      enabled: options.runSchedules,
    });
    stops.push(() => scheduler.stop());
    inventory.schedules.push(...scheduler.names().map((name) => scheduleExpressions.get(name)!));

    const localRoutes: Record<string, LocalRoute> = {
      'POST /_local/token': async ({ body }) => {
        const input = (body ?? {}) as { dealerId?: unknown; email?: unknown };
        if (typeof input.dealerId !== 'string' || input.dealerId === '') {
          return { status: 422, body: { code: 'VALIDATION_FAILED', detail: 'dealerId is required' } };
        }
        const email = typeof input.email === 'string' ? input.email : undefined;
        return {
          status: 200,
          body: { token: await signDevToken(options.jwtSecret, { dealerId: input.dealerId, email }) },
        };
      },
      'GET /_local/emails': async () => ({ status: 200, body: await sentEmails(sesEndpoint) }),
      'POST /_local/schedules/{name}/run': async ({ params }) => {
        const known = await scheduler.runNow(params.name ?? '');
        return known
          ? { status: 202 }
          : { status: 404, body: { code: 'SCHEDULE_NOT_FOUND', detail: `No schedule ${params.name}` } };
      },
      'GET /_local/queues': async () => ({ status: 200, body: await queueDepths(sqs, sqsLocal.queues) }),
    };
    const gateway = await startGateway({
      port: options.port,
      routes: httpRoutes(),
      jwtSecret: options.jwtSecret,
      functions,
      localRoutes,
      log: log.child('gateway'),
    });
    stops.push(() => gateway.close());
    inventory.routes.push(...gateway.routes);

    const seeded = options.seedDemoData ? await seedDemoDataIfEmpty(dynamoClient) : false;
    const demoToken = await signDevToken(options.jwtSecret, DEMO_DEALER);
    if (seeded) await activateDemoFeed(gateway.url, demoToken, feeds.ftp);
    return {
      url: gateway.url,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsLocal.endpoint, ses: sesEndpoint },
      platforms: { urls: platforms.urls, mobileDe: platforms.mobileDe, autoScout24: platforms.autoScout24 },
      feeds: {
        ftp: { host: feeds.ftp.host, port: feeds.ftp.port, root: feeds.ftp.root },
        sftp: { host: feeds.sftp.host, port: feeds.sftp.port, root: feeds.sftp.root },
      },
      functions,
      seeded,
      inventory,
      demoToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** aws-ses-v2-local is CommonJS: its default export arrives wrapped or not, by loader. */
const startSes: typeof sesModule =
  typeof sesModule === 'function'
    ? sesModule
    : (sesModule as unknown as { default: typeof sesModule }).default;

/** What Lambda would give each function: names of bound resources, endpoints, Powertools settings. */
function handlerEnvironment(
  region: string,
  dynamodb: string,
  sqs: string,
  ses: string,
  localQueues: Record<QueueKey, { url: string }>,
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
    AWS_ENDPOINT_URL_SQS: sqs,
    AWS_ENDPOINT_URL_SESV2: ses,
    POWERTOOLS_SERVICE_NAME: 'vehicle-export',
    POWERTOOLS_METRICS_NAMESPACE: 'VehicleExport',
    // Locally, metrics and traces have nowhere to go; logs stay quiet unless asked for.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Without tracing, the X-Ray SDK's context tracking still hooks every promise: keep it off.
    AWS_XRAY_MANUAL_MODE: '1',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    // Webhooks and images of the local stack and its tests live on loopback; AWS refuses those (SSRF).
    OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true',
    [emailSenderEnvVar]: process.env[emailSenderEnvVar] ?? 'exports@local.example',
    ...(process.env.REMOVAL_SETTLE_SECONDS
      ? { REMOVAL_SETTLE_SECONDS: process.env.REMOVAL_SETTLE_SECONDS }
      : {}),
  };
  for (const spec of Object.values(tables)) env[spec.envVar] = spec.name;
  for (const [key, spec] of Object.entries(queues)) env[spec.envVar] = localQueues[key as QueueKey].url;
  return env;
}

async function sentEmails(sesEndpoint: string): Promise<unknown[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  const store = (await response.json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { text?: string }; at: number }[];
  };
  return store.emails.map((email) => ({
    to: email.destination.to,
    subject: email.subject,
    text: email.body.text ?? '',
    sentAt: new Date(email.at * 1000).toISOString(),
  }));
}

async function queueDepths(
  sqs: SQSClient,
  localQueues: Record<QueueKey, { spec: { name: string }; url: string; deadLetter?: { url: string } }>,
): Promise<unknown[]> {
  const count = async (url: string): Promise<{ visible: number; inFlight: number }> => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  };
  return Promise.all(
    Object.values(localQueues).map(async (queue) => ({
      name: queue.spec.name,
      ...(await count(queue.url)),
      deadLetters: queue.deadLetter ? (await count(queue.deadLetter.url)).visible : 0,
    })),
  );
}
