import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { TableKey, TableSpec } from '../../topology';
import { labelFromTopology } from './topology-metadata';

/** One DynamoDB table exactly as the topology declares it, with the durability settings of live data. */
export function tableFromTopology(scope: Construct, id: string, key: TableKey, spec: TableSpec): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
    sortKey: { name: spec.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // Dealer stock and listing state cannot be rebuilt: a stack deletion or replacement must not take it.
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    stream: spec.stream === 'NEW_AND_OLD_IMAGES' ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
    timeToLiveAttribute: spec.ttlAttribute,
  });
  for (const index of spec.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: index.projection === 'keys' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
    });
  }
  labelFromTopology(table, { kind: 'table', key });
  return table;
}
