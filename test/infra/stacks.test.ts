import { App, Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { readAppConfig, type AppConfig } from '../../infra/aws/constructs/app-config';
import { addVehicleExportStacks } from '../../infra/aws/constructs/vehicle-export-stacks';
import { awsInventory } from '../../infra/aws/inventory';
import {
  dealerSecretsKeyEnvVar,
  emailSenderEnvVar,
  platformCredentialsEnvVar,
  functionList,
  httpRoutes,
  queues,
  tables,
  type FunctionKey,
  type QueueKey,
  type QueueSpec,
  type TableKey,
  type TableSpec,
} from '../../infra/topology';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
}

/**
 * Both stacks as `app.ts` builds them. Bundling is skipped (it takes seconds per function);
 * bundles.test.ts checks the real bundles.
 */
function synth(config: Partial<AppConfig> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = addVehicleExportStacks(app, { ...readAppConfig(app.node, {}), ...config });
  const stateful = Template.fromStack(stacks.stateful).toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Json;
  };
  const service = Template.fromStack(stacks.service).toJSON() as { Resources: Record<string, Resource> };
  return { ...stacks, templates: { stateful, service } };
}

/** Every AwsSolutions finding that is not acknowledged, errors and warnings alike. */
function nagFindings(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((violation) =>
      violation.violatingResources.map(
        (at) => `${violation.severity} ${violation.ruleName} at ${at.constructPath}`,
      ),
    );
}

/** Every AwsSolutions finding, acknowledged or not. */
function rawFindings(stack: Stack): { rule: string; path: string }[] {
  const pack = new AwsSolutionsChecks();
  // cdk-nag 3 has no switch to report acknowledged findings; its private check is replaced instead.
  Object.assign(pack, { isAcknowledged: () => false });
  return pack
    .validateScope(stack)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((at) => ({ rule: violation.ruleName, path: at.constructPath ?? '' })),
    );
}

function acknowledgments(stack: Stack): { path: string; id: string; reason: string }[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return element.stack.getLogicalId(element);
}

const built = synth();
const { stateful, service, templates } = built;

/** What an `Fn::ImportValue` in the service template stands for in the stateful stack. */
function exported(value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  if (name === undefined) return value;
  const output = Object.values(
    templates.stateful.Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>,
  ).find((candidate) => candidate.Export?.Name === name);
  if (!output) throw new Error(`no export ${name}`);
  return output.Value;
}

const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const arnOf = (construct: IConstruct, attribute = 'Arn') => ({
  'Fn::GetAtt': [logicalId(construct), attribute],
});

function resourcesOf(template: { Resources: Record<string, Resource> }, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function functionOf(key: FunctionKey): Json {
  const resource = templates.service.Resources[logicalId(service.functions[key].function)];
  if (!resource) throw new Error(`no function ${key}`);
  return resource.Properties;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

function statementsOf(key: FunctionKey): Statement[] {
  const roleRef = ref(service.functions[key].role);
  return resourcesOf(templates.service, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([roleRef]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const resourcesIn = (statement: Statement) => [statement.Resource].flat().map(exported);

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['stateful', stateful],
    ['service', service],
  ] as const)('the %s stack has no unacknowledged error or warning', (_name, stack) => {
    expect(nagFindings(stack)).toEqual([]);
  });

  it.each([
    ['stateful', stateful],
    ['service', service],
  ] as const)(
    'every acknowledgment in the %s stack has a reason and matches a real finding beneath it',
    (_name, stack) => {
      const findings = rawFindings(stack);
      const acks = acknowledgments(stack).filter((ack) => ack.id.startsWith('AwsSolutions-'));
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(30);
        const matched = findings.some(
          (finding) =>
            finding.rule === ack.id && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`)),
        );
        expect(matched, `stale acknowledgment ${ack.id} at ${ack.path}`).toBe(true);
      }
    },
  );

  it('acknowledges IAM5 per wildcard, never the whole rule', () => {
    const iam5 = [...acknowledgments(stateful), ...acknowledgments(service)].filter((ack) =>
      ack.id.startsWith('AwsSolutions-IAM5'),
    );
    expect(iam5.length).toBeGreaterThan(0);
    for (const ack of iam5) expect(ack.id).toBe('AwsSolutions-IAM5[Resource::*]');
  });

  it('leaves Resource "*" only to X-Ray and, for stream readers, dynamodb:ListStreams (the acknowledged wildcard)', () => {
    for (const fn of functionList) {
      const wildcard = statementsOf(fn.key)
        .filter((statement) => statement.Resource === '*')
        .flatMap(actionsOf)
        .sort();
      const expected = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
      if (fn.trigger.kind === 'stream') expected.push('dynamodb:ListStreams');
      expect(wildcard, fn.key).toEqual(expected.sort());
      expect(
        statementsOf(fn.key)
          .flatMap(actionsOf)
          .filter((action) => action.includes('*')),
        fn.key,
      ).toEqual([]);
    }
  });

  it('passes with an external JWT issuer too, which creates no user pool', () => {
    const external = synth({ jwt: { issuer: 'https://issuer.example', audience: ['vehicle-export'] } });
    expect(resourcesOf(external.templates.stateful, 'AWS::Cognito::UserPool')).toEqual([]);
    expect([...nagFindings(external.stateful), ...nagFindings(external.service)]).toEqual([]);
  });
});

describe('stateful stack', () => {
  it.each(Object.entries(tables) as [TableKey, TableSpec][])(
    'table %s is exactly as the topology declares',
    (key, spec) => {
      const table = templates.stateful.Resources[logicalId(stateful.tables[key])]!;
      expect(table.DeletionPolicy).toBe('Retain');
      const props = table.Properties;
      expect(props).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
      });
      const indexes = (props.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[];
      expect(indexes.map(({ IndexName, KeySchema }) => ({ IndexName, KeySchema }))).toEqual(
        spec.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        })),
      );
      expect(props.StreamSpecification).toEqual(spec.stream ? { StreamViewType: spec.stream } : undefined);
      expect(props.TimeToLiveSpecification).toEqual(
        spec.ttlAttribute ? { AttributeName: spec.ttlAttribute, Enabled: true } : undefined,
      );
    },
  );

  it('has no table the topology does not declare', () => {
    expect(resourcesOf(templates.stateful, 'AWS::DynamoDB::Table')).toHaveLength(Object.keys(tables).length);
  });

  it.each(Object.entries(queues) as [QueueKey, QueueSpec][])(
    'queue %s has the topology kind, timeout and DLQ',
    (key, spec) => {
      const queue = templates.stateful.Resources[logicalId(stateful.queues[key])]!.Properties;
      expect(queue.FifoQueue).toBe(spec.fifo ? true : undefined);
      expect(queue.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
      expect(queue.SqsManagedSseEnabled).toBe(true);
      const deadLetter = stateful.deadLetterQueues[key];
      if (spec.maxReceiveCount === undefined) {
        expect(queue.RedrivePolicy).toBeUndefined();
        expect(deadLetter).toBeUndefined();
        return;
      }
      expect(deadLetter).toBeDefined();
      expect(queue.RedrivePolicy).toEqual({
        deadLetterTargetArn: arnOf(deadLetter!),
        maxReceiveCount: spec.maxReceiveCount,
      });
      const dlq = templates.stateful.Resources[logicalId(deadLetter!)]!.Properties;
      expect(dlq).toMatchObject({ MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
      expect(dlq.FifoQueue).toBe(spec.fifo ? true : undefined);
    },
  );

  it('denies every queue request without TLS', () => {
    const queueIds = resourcesOf(templates.stateful, 'AWS::SQS::Queue').map(([id]) => id);
    const guarded = resourcesOf(templates.stateful, 'AWS::SQS::QueuePolicy')
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) ===
              JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .flatMap(([, policy]) => (policy.Properties.Queues as { Ref: string }[]).map((queue) => queue.Ref));
    expect(guarded.sort()).toEqual(queueIds.sort());
  });

  it('keeps the dealer-secrets key with rotation on', () => {
    const key = templates.stateful.Resources[logicalId(stateful.dealerSecretsKey)]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('gives users an immutable dealerId that no client can write', () => {
    const [[, pool]] = resourcesOf(templates.stateful, 'AWS::Cognito::UserPool') as [[string, Resource]];
    expect(pool.Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'dealerId', AttributeDataType: 'String', Mutable: false }),
    );
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const [[, client]] = resourcesOf(templates.stateful, 'AWS::Cognito::UserPoolClient') as [
      [string, Resource],
    ];
    expect(client.Properties.ReadAttributes).toContain('custom:dealerId');
    expect(client.Properties.WriteAttributes).not.toContain('custom:dealerId');
  });
});

describe('service stack: functions', () => {
  it('has one function per topology function', () => {
    expect(resourcesOf(templates.service, 'AWS::Lambda::Function')).toHaveLength(functionList.length);
  });

  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: index.handler, Node.js 22+, arm64, traced, sized as specified',
    (key, spec) => {
      const fn = functionOf(key);
      expect(fn.Handler).toBe('index.handler');
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn).toMatchObject({
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
    },
  );

  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: env vars of exactly what it binds',
    (key, spec) => {
      const env = (functionOf(key).Environment as { Variables: Json }).Variables;
      const expected = new Map<string, unknown>([
        ['POWERTOOLS_SERVICE_NAME', 'vehicle-export'],
        ['POWERTOOLS_METRICS_NAMESPACE', 'VehicleExport'],
        ['POWERTOOLS_LOG_LEVEL', 'INFO'],
        ['NODE_OPTIONS', '--enable-source-maps'],
      ]);
      for (const table of Object.keys(spec.tables ?? {}) as TableKey[]) {
        expected.set(tables[table].envVar, ref(stateful.tables[table]));
      }
      for (const queue of Object.keys(spec.queues ?? {}) as QueueKey[]) {
        expected.set(queues[queue].envVar, ref(stateful.queues[queue]));
      }
      if (spec.sendsEmail) expected.set(emailSenderEnvVar, 'exports@example.com');
      if (spec.dealerSecrets) expected.set(dealerSecretsKeyEnvVar, arnOf(stateful.dealerSecretsKey));
      if (spec.platformCredentials)
        expected.set(platformCredentialsEnvVar, ref(stateful.platformCredentials));
      expect(Object.fromEntries(Object.entries(env).map(([name, value]) => [name, exported(value)]))).toEqual(
        Object.fromEntries(expected),
      );
    },
  );

  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: table permissions as declared, each index by name',
    (key, spec) => {
      const statements = statementsOf(key);
      for (const [table, tableSpec] of Object.entries(tables) as [TableKey, TableSpec][]) {
        const arn = arnOf(stateful.tables[table]);
        const onTable = statements.filter((statement) =>
          resourcesIn(statement).some((r) => JSON.stringify(r) === JSON.stringify(arn)),
        );
        const actions = onTable.flatMap(actionsOf);
        const access = spec.tables?.[table];
        if (!access) {
          // The stream reader also reaches its table through the stream ARN, never the table ARN.
          expect(actions, `${key} on ${table}`).toEqual([]);
          continue;
        }
        expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
        const writes = [
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
        ];
        if (access === 'readWrite') expect(actions).toEqual(expect.arrayContaining(writes));
        else expect(actions.filter((action) => writes.includes(action))).toEqual([]);
        for (const index of tableSpec.indexes) {
          const onIndex = statements.filter((statement) => {
            const join = (statement.Resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
            return (
              join?.[1].length === 2 &&
              join[1][1] === `/index/${index.name}` &&
              JSON.stringify(exported(join[1][0])) === JSON.stringify(arn)
            );
          });
          expect(onIndex.map(actionsOf), `${key} on ${table}/index/${index.name}`).toEqual([
            ['dynamodb:Query', 'dynamodb:Scan'],
          ]);
        }
      }
    },
  );

  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: sends only to the queues it binds or fails over to',
    (key, spec) => {
      const allowed = new Set<string>(
        Object.entries(spec.queues ?? {}).flatMap(([queue, access]) => (access === 'send' ? [queue] : [])),
      );
      if (spec.trigger.kind === 'stream') allowed.add(spec.trigger.onFailureQueue);
      for (const [queue] of Object.entries(queues) as [QueueKey, QueueSpec][]) {
        const arn = JSON.stringify(arnOf(stateful.queues[queue]));
        const sends = statementsOf(key).filter(
          (statement) =>
            actionsOf(statement).includes('sqs:SendMessage') &&
            resourcesIn(statement).some((r) => JSON.stringify(r) === arn),
        );
        expect(sends.length > 0, `${key} sends to ${queue}`).toBe(allowed.has(queue));
      }
    },
  );

  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: SES only from the sender identity, and only when declared',
    (key, spec) => {
      const ses = statementsOf(key).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('ses:')),
      );
      if (!spec.sendsEmail) {
        expect(ses).toEqual([]);
        return;
      }
      expect(ses).toEqual([
        {
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':ses:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':identity/example.com',
              ],
            ],
          },
          Condition: { StringEquals: { 'ses:FromAddress': 'exports@example.com' } },
        },
      ]);
    },
  );
});

describe('service stack: dealer secrets and platform credentials', () => {
  it.each(functionList.map((fn) => [fn.key, fn] as const))(
    '%s: the secrets key and the credentials secret only when declared, and nothing else of them',
    (key, spec) => {
      const statements = statementsOf(key);
      // Cross-stack references resolve to the stateful stack's resources.
      const kms = statements
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')))
        .map((statement) => ({ ...statement, Resource: exported(statement.Resource) }));
      expect(kms).toEqual(
        spec.dealerSecrets
          ? [
              {
                Effect: 'Allow',
                Action: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
                Resource: arnOf(stateful.dealerSecretsKey),
              },
            ]
          : [],
      );
      const secrets = statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      );
      if (!spec.platformCredentials) {
        expect(secrets).toEqual([]);
        return;
      }
      expect(secrets.flatMap(actionsOf)).toEqual(
        expect.arrayContaining(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']),
      );
      expect(secrets.flatMap(resourcesIn).map((resource) => JSON.stringify(exported(resource)))).toEqual(
        secrets.map(() => JSON.stringify(ref(stateful.platformCredentials))),
      );
    },
  );
});

describe('service stack: triggers', () => {
  const mappings = resourcesOf(templates.service, 'AWS::Lambda::EventSourceMapping').map(
    ([, mapping]) => mapping.Properties,
  );
  const mappingsOf = (key: FunctionKey) =>
    mappings.filter(
      (mapping) =>
        JSON.stringify(mapping.FunctionName) === JSON.stringify(ref(service.functions[key].function)),
    );

  it.each(functionList.filter((fn) => fn.trigger.kind === 'stream').map((fn) => [fn.key, fn] as const))(
    '%s: stream mapping with every setting, both filters and the on-failure queue',
    (key, spec) => {
      if (spec.trigger.kind !== 'stream') throw new Error('not a stream trigger');
      const trigger = spec.trigger;
      const [mapping, ...others] = mappingsOf(key);
      expect(others).toEqual([]);
      expect(exported(mapping!.EventSourceArn)).toEqual(arnOf(stateful.tables[trigger.table], 'StreamArn'));
      expect(mapping).toMatchObject({
        StartingPosition: trigger.startingPosition,
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: trigger.bisectBatchOnError,
        MaximumRetryAttempts: trigger.maxRetryAttempts,
        MaximumRecordAgeInSeconds: trigger.maxRecordAgeSeconds,
        ParallelizationFactor: trigger.parallelizationFactor,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(trigger.filters.length).toBeGreaterThan(1);
      expect(mapping!.FilterCriteria).toEqual({
        Filters: trigger.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })),
      });
      const onFailure = (mapping!.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      expect(exported(onFailure)).toEqual(arnOf(stateful.queues[trigger.onFailureQueue]));
    },
  );

  it.each(functionList.filter((fn) => fn.trigger.kind === 'queue').map((fn) => [fn.key, fn] as const))(
    '%s: queue mapping with batch size, partial batch response and max concurrency',
    (key, spec) => {
      if (spec.trigger.kind !== 'queue') throw new Error('not a queue trigger');
      const [mapping, ...others] = mappingsOf(key);
      expect(others).toEqual([]);
      expect(exported(mapping!.EventSourceArn)).toEqual(arnOf(stateful.queues[spec.trigger.queue]));
      expect(mapping).toMatchObject({
        BatchSize: spec.trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: spec.trigger.maxConcurrency },
      });
    },
  );

  it('has no other event source mapping', () => {
    const expected = functionList.filter(
      (fn) => fn.trigger.kind === 'stream' || fn.trigger.kind === 'queue',
    ).length;
    expect(mappings).toHaveLength(expected);
  });

  it('serves exactly the topology routes, each by its function, JWT-protected unless public', () => {
    const integrations = Object.fromEntries(resourcesOf(templates.service, 'AWS::ApiGatewayV2::Integration'));
    const served = resourcesOf(templates.service, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
      const integrationId = (route.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
        'Fn::Join'
      ][1][1].Ref;
      return {
        routeKey: route.Properties.RouteKey,
        authorizationType: route.Properties.AuthorizationType,
        uri: integrations[integrationId]!.Properties.IntegrationUri,
      };
    });
    const expected = httpRoutes().map((route) => ({
      routeKey: `${route.method} ${route.path}`,
      authorizationType: route.auth === 'jwt' ? 'JWT' : 'NONE',
      uri: arnOf(service.functions[route.function].function),
    }));
    const byKey = (a: { routeKey: unknown }, b: { routeKey: unknown }) =>
      String(a.routeKey).localeCompare(String(b.routeKey));
    expect(served.sort(byKey)).toEqual(expected.sort(byKey));
  });

  it('logs access and throttles on the $default stage', () => {
    const [[, stage], ...others] = resourcesOf(templates.service, 'AWS::ApiGatewayV2::Stage') as [
      [string, Resource],
    ];
    expect(others).toEqual([]);
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const logs = stage.Properties.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': [string, string] };
      Format: string;
    };
    expect(templates.service.Resources[logs.DestinationArn['Fn::GetAtt'][0]]?.Type).toBe(
      'AWS::Logs::LogGroup',
    );
    expect(logs.Format).toContain('$context.requestId');
  });

  it.each(functionList.filter((fn) => fn.trigger.kind === 'schedule').map((fn) => [fn.key, fn] as const))(
    '%s: one rule on the topology expression, with retries and a dead-letter queue',
    (key, spec) => {
      if (spec.trigger.kind !== 'schedule') throw new Error('not a schedule trigger');
      const expression = spec.trigger.expression;
      const rules = resourcesOf(templates.service, 'AWS::Events::Rule').filter(
        ([, rule]) => rule.Properties.ScheduleExpression === expression,
      );
      expect(rules).toHaveLength(1);
      const targets = rules[0]![1].Properties.Targets as {
        Arn: unknown;
        DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string, string] } };
        RetryPolicy?: { MaximumRetryAttempts?: number };
      }[];
      expect(targets.map((target) => target.Arn)).toEqual([arnOf(service.functions[key].function)]);
      const deadLetter = targets[0]!.DeadLetterConfig?.Arn['Fn::GetAtt'][0];
      expect(templates.service.Resources[deadLetter ?? '']?.Type).toBe('AWS::SQS::Queue');
      expect(targets[0]!.RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
    },
  );

  it('has one rule per schedule', () => {
    const schedules = functionList.filter((fn) => fn.trigger.kind === 'schedule').length;
    expect(resourcesOf(templates.service, 'AWS::Events::Rule')).toHaveLength(schedules);
  });
});

describe('service stack: alarms', () => {
  const alarms = resourcesOf(templates.service, 'AWS::CloudWatch::Alarm').map(
    ([, alarm]) => alarm.Properties,
  );
  const depthAlarmOn = (queueName: unknown) =>
    alarms.filter(
      (alarm) =>
        alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify((alarm.Dimensions as { Value: unknown }[]).map((d) => exported(d.Value))) ===
          JSON.stringify([queueName]),
    );

  it.each(Object.entries(queues) as [QueueKey, QueueSpec][])(
    'queue %s: an alarm on its DLQ, or on itself when it is a final destination',
    (key, spec) => {
      const watched =
        spec.maxReceiveCount === undefined ? stateful.queues[key] : stateful.deadLetterQueues[key]!;
      const [alarm, ...others] = depthAlarmOn(arnOf(watched, 'QueueName'));
      expect(others).toEqual([]);
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    },
  );

  it('an alarm on each schedule dead-letter queue', () => {
    const scheduleDlqs = resourcesOf(templates.service, 'AWS::SQS::Queue');
    expect(scheduleDlqs).toHaveLength(functionList.filter((fn) => fn.trigger.kind === 'schedule').length);
    for (const [id] of scheduleDlqs)
      expect(depthAlarmOn({ 'Fn::GetAtt': [id, 'QueueName'] })).toHaveLength(1);
  });

  it.each(functionList.filter((fn) => fn.trigger.kind === 'stream').map((fn) => [fn.key] as const))(
    '%s: an alarm when the iterator age passes 60 s',
    (key) => {
      const iteratorAge = alarms.filter((alarm) => alarm.MetricName === 'IteratorAge');
      expect(iteratorAge).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          Statistic: 'Maximum',
          Threshold: 60_000,
          Dimensions: [{ Name: 'FunctionName', Value: ref(service.functions[key].function) }],
        }),
      ]);
    },
  );

  it('notifies an encrypted topic that only accepts TLS', () => {
    const [[topicId, topic]] = resourcesOf(templates.service, 'AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = resourcesOf(templates.service, 'AWS::SNS::TopicPolicy').map(([, policy]) =>
      JSON.stringify(policy.Properties),
    );
    expect(
      policies.some((policy) => policy.includes(topicId) && policy.includes('"aws:SecureTransport":"false"')),
    ).toBe(true);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

describe('awsInventory', () => {
  it('reads the routes, queues with their DLQs, streams and schedules back from the templates', () => {
    expect(awsInventory(templates.stateful, templates.service)).toEqual({
      routes: httpRoutes()
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
      queues: (Object.entries(queues) as [QueueKey, QueueSpec][])
        .flatMap(([key, spec]) => (spec.maxReceiveCount === undefined ? [key] : [key, `${key}:dlq`]))
        .sort(),
      streams: [
        ...new Set(functionList.flatMap((fn) => (fn.trigger.kind === 'stream' ? [fn.trigger.table] : []))),
      ].sort(),
      schedules: functionList
        .flatMap((fn) => (fn.trigger.kind === 'schedule' ? [fn.trigger.expression] : []))
        .sort(),
    });
  });

  it('finds no queue, stream or DLQ that the templates do not contain', () => {
    // The service template alone: queues and tables live in the other stack, so imports resolve to nothing.
    const inventory = awsInventory(templates.service);
    expect(inventory.queues).toEqual([]);
    expect(inventory.streams).toEqual([]);
    const withoutDlqs = structuredClone(templates.stateful);
    for (const resource of Object.values(withoutDlqs.Resources)) delete resource.Properties.RedrivePolicy;
    expect(awsInventory(withoutDlqs).queues.some((queue) => queue.endsWith(':dlq'))).toBe(false);
  });
});
