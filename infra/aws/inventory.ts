import { TOPOLOGY_METADATA_KEY, type TopologyLabel } from './constructs/topology-metadata';

/**
 * What a synthesized deployment actually wires, in topology terms, for comparison with the local
 * stack. Read from CloudFormation templates (both stacks: references between them are followed
 * through their exports), not from the topology.
 */
export interface AwsInventory {
  /** HTTP API route keys, e.g. `GET /health`. */
  readonly routes: string[];
  /** Topology queue keys that have a queue, plus `<key>:dlq` when its redrive target is in the templates. */
  readonly queues: string[];
  /** Topology table keys whose stream feeds an event source mapping. */
  readonly streams: string[];
  /** EventBridge schedule expressions. */
  readonly schedules: string[];
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<
    string,
    { readonly Value?: unknown; readonly Export?: { readonly Name?: unknown } }
  >;
}

interface Located {
  readonly template: CfnTemplate;
  readonly resource: CfnResource;
}

export function awsInventory(...templates: readonly object[]): AwsInventory {
  const parsed = templates as readonly CfnTemplate[];
  const exports = new Map<string, { template: CfnTemplate; value: unknown }>();
  for (const template of parsed) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') {
        exports.set(output.Export.Name, { template, value: output.Value });
      }
    }
  }

  /** The resource a `Ref`, `Fn::GetAtt` or `Fn::ImportValue` (of such) points at. */
  const target = (template: CfnTemplate, value: unknown): Located | undefined => {
    if (!isObject(value)) return undefined;
    const getAtt: unknown = value['Fn::GetAtt'];
    const ref: unknown = value.Ref ?? (Array.isArray(getAtt) ? (getAtt as unknown[])[0] : undefined);
    if (typeof ref === 'string') {
      const resource = template.Resources?.[ref];
      return resource && { template, resource };
    }
    const imported = value['Fn::ImportValue'];
    const exported = typeof imported === 'string' ? exports.get(imported) : undefined;
    return exported && target(exported.template, exported.value);
  };

  const routes: string[] = [];
  const queues: string[] = [];
  const streams = new Set<string>();
  const schedules: string[] = [];
  for (const template of parsed) {
    for (const resource of Object.values(template.Resources ?? {})) {
      const props = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::ApiGatewayV2::Route':
          if (typeof props.RouteKey === 'string') routes.push(props.RouteKey);
          break;
        case 'AWS::Events::Rule':
          if (typeof props.ScheduleExpression === 'string') schedules.push(props.ScheduleExpression);
          break;
        case 'AWS::SQS::Queue': {
          const label = labelOf(resource);
          if (label?.kind !== 'queue') break;
          queues.push(label.key);
          const redrive = isObject(props.RedrivePolicy) ? props.RedrivePolicy.deadLetterTargetArn : undefined;
          if (target(template, redrive)?.resource.Type === 'AWS::SQS::Queue') queues.push(`${label.key}:dlq`);
          break;
        }
        case 'AWS::Lambda::EventSourceMapping': {
          const source = target(template, props.EventSourceArn)?.resource;
          const label = source?.Type === 'AWS::DynamoDB::Table' ? labelOf(source) : undefined;
          if (label?.kind === 'table') streams.add(label.key);
          break;
        }
      }
    }
  }
  return {
    routes: routes.sort(),
    queues: queues.sort(),
    streams: [...streams].sort(),
    schedules: schedules.sort(),
  };
}

function labelOf(resource: CfnResource): TopologyLabel | undefined {
  const label = resource.Metadata?.[TOPOLOGY_METADATA_KEY];
  return isObject(label) && typeof label.kind === 'string' && typeof label.key === 'string'
    ? (label as unknown as TopologyLabel)
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
