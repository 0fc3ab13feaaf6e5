import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context, DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';

/** Factories of the events Lambda hands to our functions, shaped like the real ones. */

export function httpEvent(
  overrides: {
    routeKey?: string;
    body?: string;
    contentType?: string;
    claims?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const routeKey = overrides.routeKey ?? 'GET /health';
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: overrides.contentType ? { 'content-type': overrides.contentType } : {},
    isBase64Encoded: false,
    ...(overrides.body === undefined ? {} : { body: overrides.body }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '27/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795770000000,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: overrides.claims ?? {}, scopes: [] },
      },
    },
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:test',
    memoryLimitInMB: '256',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function stockStreamRecord(options: {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: { pk: string; sk: string };
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  ttl?: boolean;
}): DynamoDBRecord {
  return {
    eventID: '1',
    eventName: options.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-central-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-central-1:123456789012:table/Stock/stream/2026',
    dynamodb: {
      ApproximateCreationDateTime: 1795770000,
      Keys: marshall(options.keys) as never,
      ...(options.newImage ? { NewImage: marshall({ ...options.keys, ...options.newImage }) as never } : {}),
      ...(options.oldImage ? { OldImage: marshall({ ...options.keys, ...options.oldImage }) as never } : {}),
      SequenceNumber: '100',
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(options.ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}

export function sqsRecord(body: unknown, groupId = 'g1'): SQSRecord {
  return {
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    receiptHandle: 'rh',
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795770000000',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '1795770000000',
      MessageGroupId: groupId,
      MessageDeduplicationId: 'd',
      SequenceNumber: '1',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:delta.fifo',
    awsRegion: 'eu-central-1',
  };
}
