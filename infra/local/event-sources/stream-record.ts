import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/** How AWS reports a TTL deletion; DynamoDB Local reports neither this nor a known event name. */
const ttlIdentity = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/** A stream record as Lambda delivers it: DynamoDB JSON, binary as base64, epoch seconds. */
export function toLambdaRecord(raw: _Record, region: string, streamArn: string): DynamoDBRecord {
  const data = raw.dynamodb ?? {};
  const knownEvent = raw.eventName === 'INSERT' || raw.eventName === 'MODIFY' || raw.eventName === 'REMOVE';
  const created = data.ApproximateCreationDateTime;
  const record: DynamoDBRecord = {
    eventID: raw.eventID,
    // DynamoDB Local sends TTL deletions as "UNKNOWN_TO_SDK_VERSION" without a user identity.
    eventName: knownEvent ? raw.eventName : 'REMOVE',
    eventVersion: raw.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toJsonImage(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toJsonImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toJsonImage(data.OldImage) } : {}),
      ...(data.SequenceNumber ? { SequenceNumber: data.SequenceNumber } : {}),
      ...(data.SizeBytes !== undefined ? { SizeBytes: data.SizeBytes } : {}),
      ...(data.StreamViewType ? { StreamViewType: data.StreamViewType } : {}),
    },
    eventSourceARN: streamArn,
  };
  if (raw.userIdentity)
    record.userIdentity = { type: raw.userIdentity.Type, principalId: raw.userIdentity.PrincipalId };
  else if (!knownEvent) record.userIdentity = { ...ttlIdentity };
  return record;
}

function toJsonImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toJsonValue(value)]));
}

function toJsonValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.M !== undefined) return { M: toJsonImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toJsonValue) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  // The streams SDK reads an empty map (`{"M":{}}` on the wire) back as `{}`: nothing else is empty.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`unknown DynamoDB attribute type: ${Object.keys(value).join(', ')}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
