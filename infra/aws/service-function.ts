import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  dealerSecretsKeyEnvVar,
  emailSenderEnvVar,
  platformCredentialsEnvVar,
  queues,
  tables,
  type FunctionSpec,
  type QueueKey,
  type TableKey,
} from '../topology';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Newest Node.js runtime of this aws-cdk-lib (>= 22, as ARCHITECTURE.md requires). */
export const functionRuntime = Runtime.NODEJS_24_X;

/**
 * How every handler is bundled. ESM output needs `require` (and ssh2 `__dirname`) for the CommonJS
 * dependencies inside the bundle, hence the banner. The AWS SDK is bundled: the version is the one
 * in package-lock.json, not whatever the Lambda runtime ships, and cold starts load one file. Only
 * ssh2's optional native add-ons stay out: it loads them in try/catch and falls back to Node's
 * crypto, and add-ons built for this machine would not run on arm64 Lambda anyway.
 */
export const bundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node20',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire } from 'module'; const require = createRequire(import.meta.url); " +
    "import { fileURLToPath as __fileURLToPath } from 'url'; import { dirname as __pathDirname } from 'path'; " +
    'const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);',
  externalModules: ['cpu-features', '*.node'],
  logLevel: LogLevel.WARNING,
} as const satisfies BundlingOptions;

export type TableAccess = 'read' | 'readWrite';

export interface ServiceFunctionProps {
  readonly spec: FunctionSpec;
  /** `POWERTOOLS_LOG_LEVEL`. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention?: RetentionDays;
}

/**
 * One Lambda function of the topology. `bindTable`, `bindQueue` and `allowSendEmail` grant and set
 * the env var in one call, so a handler can never learn a name it has no permission for.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { spec } = props;

    // Own role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to any
    // log group: this one writes to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: spec.description,
    });
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, spec.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: spec.description,
      runtime: functionRuntime,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      bundling: bundlingOptions,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'vehicle-export',
        POWERTOOLS_METRICS_NAMESPACE: 'VehicleExport',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.acknowledgeWildcardResource(
      'X-Ray: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    );
  }

  /** Grants 'read' (grantReadData) or 'readWrite' (grantReadWriteData) and sets the table's env var. */
  bindTable(key: TableKey, table: ITable, access: TableAccess): void {
    // Granted on a reference that knows no indexes, so CDK does not add `table/index/*`; each index
    // the topology declares is granted by name below.
    const reference = Table.fromTableAttributes(this, `${key}Table`, { tableArn: table.tableArn });
    if (access === 'read') reference.grantReadData(this.function);
    else reference.grantReadWriteData(this.function);
    const indexArns = tables[key].indexes.map((index) => `${table.tableArn}/index/${index.name}`);
    if (indexArns.length > 0) {
      this.function.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: indexArns }),
      );
    }
    this.function.addEnvironment(tables[key].envVar, table.tableName);
  }

  /** Grants sending or consuming (its own trigger queue) and sets the queue's env var to its URL. */
  bindQueue(key: QueueKey, queue: IQueue, access: 'send' | 'consume'): void {
    if (access === 'send') queue.grantSendMessages(this.function);
    else queue.grantConsumeMessages(this.function);
    this.function.addEnvironment(queues[key].envVar, queue.queueUrl);
  }

  /** Sending through SES from `sender` only, on that one identity; sets the sender env var. */
  allowSendEmail(identityArn: string, sender: string): void {
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identityArn],
        conditions: { StringEquals: { 'ses:FromAddress': sender } },
      }),
    );
    this.function.addEnvironment(emailSenderEnvVar, sender);
  }

  /**
   * Sealing dealer secrets: the function creates (once) and decrypts the KMS data key of
   * shared/adapters/crypto/dealer-secrets-key.ts, and nothing else with that key.
   */
  allowDealerSecrets(key: IKey): void {
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: [key.keyArn],
      }),
    );
    this.function.addEnvironment(dealerSecretsKeyEnvVar, key.keyArn);
  }

  /** Our own marketplace API credentials: read access to that one secret, its ARN in the env. */
  allowPlatformCredentials(secret: ISecret): void {
    secret.grantRead(this.function);
    this.function.addEnvironment(platformCredentialsEnvVar, secret.secretArn);
  }

  /** Records why this role needs `Resource: *` (cdk-nag AwsSolutions-IAM5); reasons accumulate. */
  acknowledgeWildcardResource(reason: string): void {
    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
  }
}
