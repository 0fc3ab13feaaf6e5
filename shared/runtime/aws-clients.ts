import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability';

/**
 * One client per service per execution environment, made on first use at init and reused by
 * every invocation. Endpoints come from the standard AWS_ENDPOINT_URL_* variables, so the local
 * stack points them at DynamoDB Local and the emulators without any code here knowing.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let ses: SESv2Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function sqsClient(): SQSClient {
  sqs ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqs;
}

export function sesClient(): SESv2Client {
  ses ??= tracer.captureAWSv3Client(new SESv2Client({}));
  return ses;
}

/** Any other SDK client, traced like the ones above (made once by its caller, at init). */
export function tracedClient<Client extends { send: unknown }>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
