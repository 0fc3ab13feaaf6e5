/**
 * The one declaration of what runs where: every table, queue and function with its trigger.
 * The CDK stacks (infra/aws) and the local stack (infra/local) both read this file and nothing
 * else about wiring; test/infra/topology.test.ts proves that they agree.
 *
 * Pure data: no business code, no AWS constructs.
 */

export type TableKey = 'stock' | 'exports' | 'exportDetails';
export type QueueKey = 'delta' | 'jobs' | 'stockStreamFailures';

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** What the index holds besides the keys: every attribute (the default) or only the keys. */
  readonly projection?: 'all' | 'keys';
}

export interface TableSpec {
  /** Physical name in the local stack; CDK lets CloudFormation name it. */
  readonly name: string;
  /** Env var through which a bound function learns the table name. */
  readonly envVar: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly stream?: 'NEW_AND_OLD_IMAGES';
  readonly ttlAttribute?: string;
  readonly indexes: readonly IndexSpec[];
}

export interface QueueSpec {
  readonly name: string;
  readonly envVar: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  /**
   * Receives before a message moves to the queue's dead-letter queue. Absent for a queue that is
   * itself a final destination (nothing consumes it; an alarm watches its depth).
   */
  readonly maxReceiveCount?: number;
}

/** A Lambda event filter pattern (subset used here: literals, prefix, anything-but, exists). */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly FilterRule[] };
export type FilterRule =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly 'anything-but': readonly (string | number)[] }
  | { readonly exists: boolean };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway route path, `{name}` for path parameters. */
  readonly path: string;
  /** `jwt`: the JWT authorizer must pass; `none`: public. */
  readonly auth: 'jwt' | 'none';
}

export interface HttpTrigger {
  readonly kind: 'http';
  readonly routes: readonly HttpRoute[];
}

export interface StreamTrigger {
  readonly kind: 'stream';
  readonly table: TableKey;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly maxRetryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly parallelizationFactor: number;
  /** Records matching none of the patterns never reach the function. */
  readonly filters: readonly FilterPattern[];
  /** Where batches that exhausted their retries are described (the on-failure destination). */
  readonly onFailureQueue: QueueKey;
}

export interface QueueTrigger {
  readonly kind: 'queue';
  readonly queue: QueueKey;
  readonly batchSize: number;
  readonly maxConcurrency: number;
}

export interface ScheduleTrigger {
  readonly kind: 'schedule';
  /** Name used by `POST /_local/schedules/{name}/run` and in CloudWatch. */
  readonly name: string;
  /** EventBridge expression: `rate(n minute|minutes|hour|hours|day|days)` or `cron(6 fields)`. */
  readonly expression: string;
}

export type Trigger = HttpTrigger | StreamTrigger | QueueTrigger | ScheduleTrigger;

export interface FunctionSpec {
  /** Entry file relative to the repository root; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly trigger: Trigger;
  readonly tables?: Partial<Record<TableKey, 'read' | 'readWrite'>>;
  /** `send`: the function sends to it; `consume`: its own trigger queue, whose URL it needs (e.g. to delay a retry). */
  readonly queues?: Partial<Record<QueueKey, 'send' | 'consume'>>;
  /** Needs to send e-mail through SES from the configured sender identity. */
  readonly sendsEmail?: boolean;
  /** Encrypts or decrypts dealer secrets inside settings (AES-256-GCM under the secrets key). */
  readonly dealerSecrets?: boolean;
  /** Calls the marketplaces with our own provider credentials (Secrets Manager in AWS). */
  readonly platformCredentials?: boolean;
}

export const tables = {
  stock: {
    name: 'Stock',
    envVar: 'STOCK_TABLE_NAME',
    partitionKey: 'pk',
    sortKey: 'sk',
    stream: 'NEW_AND_OLD_IMAGES',
    // Sparse: only vehicles waiting for a delayed auto-release carry its keys (stock-keys.ts).
    indexes: [
      { name: 'releaseDue', partitionKey: 'releaseDuePk', sortKey: 'releaseDueAt', projection: 'keys' },
    ],
  },
  exports: {
    name: 'Exports',
    envVar: 'EXPORTS_TABLE_NAME',
    partitionKey: 'pk',
    sortKey: 'sk',
    // Lock removals, unreleased markers and hourly error counts expire (export-stats-table.ts).
    ttlAttribute: 'expiresAt',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  exportDetails: {
    name: 'ExportDetails',
    envVar: 'EXPORT_DETAILS_TABLE_NAME',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [{ name: 'byVehicle', partitionKey: 'vehiclePk', sortKey: 'sk' }],
  },
} as const satisfies Record<TableKey, TableSpec>;

export const queues = {
  delta: {
    name: 'delta.fifo',
    envVar: 'DELTA_QUEUE_URL',
    fifo: true,
    visibilityTimeoutSeconds: 60,
    // One receive may be a removal waiting to settle (ADR 0006); the rest are platform retries.
    maxReceiveCount: 8,
  },
  jobs: {
    name: 'jobs.fifo',
    envVar: 'JOBS_QUEUE_URL',
    fifo: true,
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 3,
  },
  /** On-failure destination of the stock stream: descriptions of batches that exhausted retries. */
  stockStreamFailures: {
    name: 'stock-stream-failures',
    envVar: 'STOCK_STREAM_FAILURES_QUEUE_URL',
    fifo: false,
    visibilityTimeoutSeconds: 30,
  },
} as const satisfies Record<QueueKey, QueueSpec>;

/** The dead-letter queue of a queue: same kind (a FIFO queue needs a FIFO DLQ). */
export function deadLetterQueueName(queue: QueueSpec): string {
  return queue.fifo ? queue.name.replace(/\.fifo$/, '-dlq.fifo') : `${queue.name}-dlq`;
}

/** Stream records of vehicle items only; TTL removals (by the DynamoDB service) are dropped. */
const vehicleKey = { Keys: { sk: { S: [{ prefix: 'VEHICLE#' }] } } } as const;

export const functions = {
  health: {
    entry: 'functions/http/health.ts',
    description: 'Liveness: GET /health',
    memoryMb: 256,
    timeoutSeconds: 3,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/health', auth: 'none' }] },
  },
  openapi: {
    entry: 'functions/http/openapi.ts',
    description: 'The OpenAPI 3.1 document of the HTTP API',
    memoryMb: 256,
    timeoutSeconds: 5,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/openapi.json', auth: 'none' }] },
  },
  settings: {
    entry: 'functions/http/settings.ts',
    description: "The dealer's import/export preferences",
    memoryMb: 512,
    timeoutSeconds: 10,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'GET', path: '/v1/settings', auth: 'jwt' },
        { method: 'PUT', path: '/v1/settings', auth: 'jwt' },
      ],
    },
    tables: { stock: 'readWrite' },
  },
  vehicles: {
    entry: 'functions/http/vehicles.ts',
    description: 'Vehicle stock: create, list, read, replace, delete, releases',
    memoryMb: 512,
    timeoutSeconds: 10,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'POST', path: '/v1/vehicles', auth: 'jwt' },
        { method: 'GET', path: '/v1/vehicles', auth: 'jwt' },
        { method: 'GET', path: '/v1/vehicles/{vehicleId}', auth: 'jwt' },
        { method: 'PUT', path: '/v1/vehicles/{vehicleId}', auth: 'jwt' },
        { method: 'DELETE', path: '/v1/vehicles/{vehicleId}', auth: 'jwt' },
        { method: 'PUT', path: '/v1/vehicles/{vehicleId}/releases', auth: 'jwt' },
      ],
    },
    tables: { stock: 'readWrite', exports: 'read' },
  },
  importVehicles: {
    entry: 'functions/http/import-vehicles.ts',
    description: 'Stock import from CSV or JSON (upsert or replace)',
    memoryMb: 1024,
    // API Gateway's HTTP API waits at most 30 s for an integration.
    timeoutSeconds: 29,
    trigger: { kind: 'http', routes: [{ method: 'POST', path: '/v1/vehicles/import', auth: 'jwt' }] },
    tables: { stock: 'readWrite', exports: 'read' },
  },
  apps: {
    entry: 'functions/http/apps.ts',
    description: 'The Appstore (export section) and the export app configurator',
    memoryMb: 512,
    timeoutSeconds: 10,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'GET', path: '/v1/apps', auth: 'jwt' },
        { method: 'GET', path: '/v1/apps/{appId}', auth: 'jwt' },
        { method: 'POST', path: '/v1/apps', auth: 'jwt' },
        { method: 'PUT', path: '/v1/apps/{appId}', auth: 'jwt' },
        { method: 'DELETE', path: '/v1/apps/{appId}', auth: 'jwt' },
      ],
    },
    tables: { exports: 'readWrite' },
    dealerSecrets: true,
  },
  exports: {
    entry: 'functions/http/exports.ts',
    description: 'Activation of export apps and the exports: list, read, settings, deactivate',
    memoryMb: 512,
    timeoutSeconds: 15,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'POST', path: '/v1/apps/{appId}/activation', auth: 'jwt' },
        { method: 'GET', path: '/v1/exports', auth: 'jwt' },
        { method: 'GET', path: '/v1/exports/{exportId}', auth: 'jwt' },
        { method: 'PUT', path: '/v1/exports/{exportId}/settings', auth: 'jwt' },
        { method: 'DELETE', path: '/v1/exports/{exportId}', auth: 'jwt' },
      ],
    },
    tables: { exports: 'readWrite', stock: 'read' },
    queues: { jobs: 'send' },
    dealerSecrets: true,
    platformCredentials: true,
  },
  exportActions: {
    entry: 'functions/http/export-actions.ts',
    description: 'Export control actions: unlock, full transfer, additional bookings',
    memoryMb: 512,
    timeoutSeconds: 15,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'POST', path: '/v1/exports/{exportId}/unlock', auth: 'jwt' },
        { method: 'POST', path: '/v1/exports/{exportId}/full-transfer', auth: 'jwt' },
        { method: 'PUT', path: '/v1/exports/{exportId}/vehicles/{vehicleId}/bookings', auth: 'jwt' },
      ],
    },
    tables: { exports: 'readWrite', stock: 'read', exportDetails: 'readWrite' },
    queues: { delta: 'send', jobs: 'send' },
  },
  exportDetails: {
    entry: 'functions/http/export-details.ts',
    description: 'Export control reads: transmission details of the last 5 days and job progress',
    memoryMb: 512,
    timeoutSeconds: 10,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'GET', path: '/v1/exports/{exportId}/details', auth: 'jwt' },
        { method: 'GET', path: '/v1/exports/{exportId}/jobs/{jobId}', auth: 'jwt' },
      ],
    },
    tables: { exports: 'read', exportDetails: 'read' },
  },
  exportMatch: {
    entry: 'functions/http/export-match.ts',
    description: "Inventory match of an API export: its state and the dealer's one-time assignments",
    memoryMb: 512,
    timeoutSeconds: 15,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'GET', path: '/v1/exports/{exportId}/match', auth: 'jwt' },
        { method: 'PUT', path: '/v1/exports/{exportId}/match/{listingRef}', auth: 'jwt' },
      ],
    },
    tables: { exports: 'readWrite', stock: 'read', exportDetails: 'readWrite' },
    queues: { delta: 'send' },
    dealerSecrets: true,
    platformCredentials: true,
  },
  stockChanges: {
    entry: 'functions/stream/stock-changes.ts',
    description: 'Stock stream: one sync message per (active export, changed vehicle)',
    memoryMb: 512,
    timeoutSeconds: 60,
    trigger: {
      kind: 'stream',
      table: 'stock',
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      bisectBatchOnError: true,
      maxRetryAttempts: 10,
      maxRecordAgeSeconds: 6 * 3600,
      parallelizationFactor: 1,
      filters: [
        { eventName: ['INSERT', 'MODIFY'], dynamodb: vehicleKey },
        { eventName: ['REMOVE'], dynamodb: vehicleKey, userIdentity: { type: [{ exists: false }] } },
      ],
      onFailureQueue: 'stockStreamFailures',
    },
    tables: { stock: 'read', exports: 'readWrite', exportDetails: 'readWrite' },
    queues: { delta: 'send' },
    sendsEmail: true,
  },
  syncListing: {
    entry: 'functions/queue/sync-listing.ts',
    description: 'Delta worker: brings one listing in step with the current vehicle',
    memoryMb: 512,
    timeoutSeconds: 30,
    trigger: { kind: 'queue', queue: 'delta', batchSize: 10, maxConcurrency: 20 },
    tables: { stock: 'read', exports: 'readWrite', exportDetails: 'readWrite' },
    queues: { delta: 'consume' },
    dealerSecrets: true,
    platformCredentials: true,
  },
  runJob: {
    entry: 'functions/queue/run-job.ts',
    description: 'Jobs worker: match, full transfer and feed runs, with progress on the job',
    memoryMb: 1024,
    timeoutSeconds: 900,
    trigger: { kind: 'queue', queue: 'jobs', batchSize: 1, maxConcurrency: 5 },
    tables: { stock: 'read', exports: 'readWrite', exportDetails: 'readWrite' },
    queues: { delta: 'send' },
    sendsEmail: true,
    dealerSecrets: true,
    platformCredentials: true,
  },
  releaseDueVehicles: {
    entry: 'functions/schedule/release-due-vehicles.ts',
    description: "Every 15 minutes: release new vehicles whose dealer's release delay has passed",
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'schedule', name: 'release-due-vehicles', expression: 'rate(15 minutes)' },
    tables: { stock: 'readWrite', exports: 'read' },
  },
  dispatchFeeds: {
    entry: 'functions/schedule/dispatch-feeds.ts',
    description: 'Every minute: enqueue one feed job per feed export that is due',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: { kind: 'schedule', name: 'dispatch-feeds', expression: 'rate(1 minute)' },
    tables: { exports: 'readWrite' },
    queues: { jobs: 'send' },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof functions;

/** Every function as a typed list, for code that iterates without caring about the key. */
export const functionList: readonly (FunctionSpec & { key: FunctionKey })[] = Object.entries(functions).map(
  ([key, spec]) => ({ key: key as FunctionKey, ...spec }),
);

/** Every HTTP route with the function that serves it. */
export function httpRoutes(): readonly (HttpRoute & { function: FunctionKey })[] {
  return functionList.flatMap((fn) =>
    fn.trigger.kind === 'http' ? fn.trigger.routes.map((route) => ({ ...route, function: fn.key })) : [],
  );
}

/** Env var carrying the SES sender identity for functions with `sendsEmail`. */
export const emailSenderEnvVar = 'EMAIL_SENDER';
/** Env var carrying the KMS key of dealer secrets for functions with `dealerSecrets` (AWS only). */
export const dealerSecretsKeyEnvVar = 'DEALER_SECRETS_KMS_KEY_ID';
/** Env var carrying our marketplace credentials' secret for `platformCredentials` (AWS only). */
export const platformCredentialsEnvVar = 'PLATFORM_CREDENTIALS_SECRET_ARN';
