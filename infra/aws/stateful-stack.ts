import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { queues, tables, type QueueKey, type QueueSpec, type TableKey, type TableSpec } from '../topology';
import { constructId } from './constructs/construct-id';
import { DealerUserPool } from './constructs/dealer-user-pool';
import { tableFromTopology } from './constructs/topology-table';
import { TopologyQueue } from './constructs/topology-queue';

export interface StatefulStackProps extends StackProps {
  /** Create the dealers' Cognito user pool (when no external JWT issuer is configured). */
  readonly createUserPool: boolean;
}

/** Everything that holds data: the topology's tables and queues, the dealer-secrets key, the users. */
export class StatefulStack extends Stack {
  readonly tables: Readonly<Record<TableKey, Table>>;
  readonly queues: Readonly<Record<QueueKey, Queue>>;
  /** The dead-letter queue of each topology queue that has `maxReceiveCount`. */
  readonly deadLetterQueues: Readonly<Partial<Record<QueueKey, Queue>>>;
  /** Envelope encryption of dealer secrets inside export settings (FTP passwords, webhook keys). */
  readonly dealerSecretsKey: Key;
  /** Our own marketplace API credentials (JSON); the operator sets the values after deploying. */
  readonly platformCredentials: Secret;
  readonly dealerUsers?: DealerUserPool;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.tables = Object.fromEntries(
      (Object.entries(tables) as [TableKey, TableSpec][]).map(([key, spec]) => [
        key,
        tableFromTopology(this, `${spec.name}Table`, key, spec),
      ]),
    ) as Record<TableKey, Table>;

    const topologyQueues = (Object.entries(queues) as [QueueKey, QueueSpec][]).map(
      ([key, spec]) => [key, new TopologyQueue(this, `${constructId(key)}Queue`, { key, spec })] as const,
    );
    this.queues = Object.fromEntries(topologyQueues.map(([key, q]) => [key, q.queue])) as Record<
      QueueKey,
      Queue
    >;
    this.deadLetterQueues = Object.fromEntries(
      topologyQueues.flatMap(([key, q]) => (q.deadLetterQueue ? [[key, q.deadLetterQueue]] : [])),
    );

    this.dealerSecretsKey = new Key(this, 'DealerSecretsKey', {
      description: 'Envelope encryption of dealer secrets in export settings',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'DealerSecretsKeyArn', { value: this.dealerSecretsKey.keyArn });

    this.platformCredentials = new Secret(this, 'PlatformCredentials', {
      description:
        'Provider credentials for the marketplace APIs: {"mobileDe":{"user","password"},"autoScout24":{"user","password"}}',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.platformCredentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Credentials issued by mobile.de and AutoScout24 to us as data service provider: they can only be changed by the platforms, so a rotation Lambda cannot rotate them.',
    });

    if (props.createUserPool) this.dealerUsers = new DealerUserPool(this, 'DealerUsers');
  }
}
