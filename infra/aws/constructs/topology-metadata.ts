import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { QueueKey, TableKey } from '../../topology';

/**
 * CloudFormation metadata key naming the topology entry a resource was built from. CloudFormation
 * names the tables and queues, so this label is how a synthesized template is read back in terms of
 * the topology (see `awsInventory`). Metadata is not deployed as tags and costs nothing.
 */
export const TOPOLOGY_METADATA_KEY = 'vehicle-export:topology';

export type TopologyLabel =
  { readonly kind: 'table'; readonly key: TableKey } | { readonly kind: 'queue'; readonly key: QueueKey };

export function labelFromTopology(construct: IConstruct, label: TopologyLabel): void {
  (construct.node.defaultChild as CfnResource).addMetadata(TOPOLOGY_METADATA_KEY, label);
}
