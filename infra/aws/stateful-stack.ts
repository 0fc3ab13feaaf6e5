import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
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
  /** Envelope encryption of dealer platform credentials (used by later adapters). */
  readonly dealerSecretsKey: Key;
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
      description: 'Envelope encryption of dealer platform credentials',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'DealerSecretsKeyArn', { value: this.dealerSecretsKey.keyArn });

    if (props.createUserPool) this.dealerUsers = new DealerUserPool(this, 'DealerUsers');
  }
}
