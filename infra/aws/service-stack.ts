import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  functionList,
  httpRoutes,
  queues,
  type FunctionKey,
  type QueueKey,
  type QueueSpec,
  type TableKey,
  type Trigger,
} from '../topology';
import { OperationalAlarms } from './constructs/alarms';
import { constructId } from './constructs/construct-id';
import { queueEventSource, streamEventSource } from './constructs/event-sources';
import { TopologyHttpApi, type JwtAuthConfig } from './constructs/http-api';
import { TopologySchedule } from './constructs/schedule-trigger';
import { ServiceFunction, type TableAccess } from './service-function';

export interface ServiceStackProps extends StackProps {
  readonly tables: Readonly<Record<TableKey, ITable>>;
  readonly queues: Readonly<Record<QueueKey, IQueue>>;
  readonly deadLetterQueues: Readonly<Partial<Record<QueueKey, IQueue>>>;
  readonly auth: JwtAuthConfig;
  readonly dealerSecretsKey: IKey;
  readonly platformCredentials: ISecret;
  /** SES sender address and the verified identity (domain or address) it sends from. */
  readonly email: { readonly sender: string; readonly identity: string };
  readonly apiName: string;
}

/**
 * The functions of the topology with their triggers, the HTTP API and the alarms. Everything here is
 * derived from `infra/topology.ts`; nothing about wiring is written down twice.
 */
export class ServiceStack extends Stack {
  readonly functions: Readonly<Record<FunctionKey, ServiceFunction>>;
  readonly httpApi: TopologyHttpApi;
  readonly alarms: OperationalAlarms;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServiceStackProps,
  ) {
    super(scope, id, props);
    this.alarms = new OperationalAlarms(this, 'Alarms');
    this.watchQueues();

    const emailIdentityArn = this.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: props.email.identity,
    });
    const functions = {} as Record<FunctionKey, ServiceFunction>;
    for (const spec of functionList) {
      const fn = new ServiceFunction(this, constructId(spec.key), { spec });
      for (const [key, access] of Object.entries(spec.tables ?? {}) as [TableKey, TableAccess][]) {
        fn.bindTable(key, props.tables[key], access);
      }
      for (const [key, access] of Object.entries(spec.queues ?? {}) as [QueueKey, 'send' | 'consume'][]) {
        fn.bindQueue(key, props.queues[key], access);
      }
      if (spec.sendsEmail) fn.allowSendEmail(emailIdentityArn, props.email.sender);
      if (spec.dealerSecrets) fn.allowDealerSecrets(props.dealerSecretsKey);
      if (spec.platformCredentials) fn.allowPlatformCredentials(props.platformCredentials);
      this.attachTrigger(fn, spec.trigger);
      functions[spec.key] = fn;
    }
    this.functions = functions;

    this.httpApi = new TopologyHttpApi(this, 'Http', {
      apiName: props.apiName,
      auth: props.auth,
      routes: httpRoutes().map((route) => ({
        ...route,
        functionKey: route.function,
        handler: functions[route.function].function,
      })),
    });
  }

  /** HTTP triggers are attached by the API (it needs all routes at once); the rest here. */
  private attachTrigger(fn: ServiceFunction, trigger: Trigger): void {
    switch (trigger.kind) {
      case 'http':
        return;
      case 'stream':
        fn.function.addEventSource(
          streamEventSource(
            trigger,
            this.props.tables[trigger.table],
            this.props.queues[trigger.onFailureQueue],
          ),
        );
        fn.acknowledgeWildcardResource(
          'Stream event source: dynamodb:ListStreams has no resource-level permissions (CDK grantStreamRead).',
        );
        this.alarms.iteratorAgeAbove(`${fn.node.id}IteratorAge`, fn.function, Duration.seconds(60));
        return;
      case 'queue':
        fn.function.addEventSource(queueEventSource(trigger, this.props.queues[trigger.queue]));
        return;
      case 'schedule': {
        const schedule = new TopologySchedule(this, `${constructId(trigger.name)}Schedule`, {
          trigger,
          handler: fn.function,
        });
        this.alarms.queueNotEmpty(
          `${constructId(trigger.name)}DeadLetterNotEmpty`,
          schedule.deadLetterQueue,
          `The dead-letter queue of schedule ${trigger.name}`,
        );
        return;
      }
    }
  }

  /** Every dead-letter queue, and every queue that is itself a final destination (no redrive). */
  private watchQueues(): void {
    for (const [key, spec] of Object.entries(queues) as [QueueKey, QueueSpec][]) {
      if (spec.maxReceiveCount === undefined) {
        this.alarms.queueNotEmpty(`${constructId(key)}NotEmpty`, this.props.queues[key], `Queue ${key}`);
        continue;
      }
      const deadLetter = this.props.deadLetterQueues[key];
      if (!deadLetter) throw new Error(`queue ${key} has maxReceiveCount but no dead-letter queue`);
      this.alarms.queueNotEmpty(
        `${constructId(key)}DeadLetterNotEmpty`,
        deadLetter,
        `The dead-letter queue of ${key}`,
      );
    }
  }
}
