import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsJobQueue, SqsSyncQueue } from '../../shared/adapters/sqs/sync-queue';
import { startTestSqs, type TestSqs } from '../support/local-services';

describe('SQS adapters (against the fauxqs emulator)', () => {
  let sqs: TestSqs;
  beforeAll(async () => {
    sqs = await startTestSqs();
  });
  afterAll(async () => {
    await sqs?.server.stop();
  });

  async function drain(url: string): Promise<{ body: unknown; group?: string }[]> {
    const received: { body: unknown; group?: string }[] = [];
    for (;;) {
      const { Messages } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['MessageGroupId'],
          VisibilityTimeout: 60,
        }),
      );
      if (!Messages?.length) return received;
      for (const message of Messages) {
        received.push({ body: JSON.parse(message.Body!), group: message.Attributes?.MessageGroupId });
      }
    }
  }

  it('sends sync messages in batches, grouped per listing, dropping repeats of a version', async () => {
    const queue = new SqsSyncQueue(sqs.client, sqs.server.queues.delta.url);
    const messages = Array.from({ length: 23 }, (_, index) => ({
      dealerId: 'd1',
      exportId: 'exp_1',
      vehicleId: `veh_${index}`,
      version: 1,
    }));
    await queue.send(messages);
    await queue.send(messages.slice(0, 5)); // a retried stream batch sends the same versions again

    const received = await drain(sqs.server.queues.delta.url);
    expect(received).toHaveLength(23);
    expect(
      received.find((message) => (message.body as { vehicleId: string }).vehicleId === 'veh_7')?.group,
    ).toBe('exp_1#veh_7');
  });

  it('refuses to send a message its consumer could not parse', async () => {
    const queue = new SqsSyncQueue(sqs.client, sqs.server.queues.delta.url);
    await expect(queue.send([{ dealerId: '', exportId: 'e', vehicleId: 'v', version: 1 }])).rejects.toThrow();
  });

  it('enqueues a job in the group of its export', async () => {
    const queue = new SqsJobQueue(sqs.client, sqs.server.queues.jobs.url);
    await queue.enqueue({ dealerId: 'd1', exportId: 'exp_9', jobId: 'job_1', kind: 'feed' });
    expect(await drain(sqs.server.queues.jobs.url)).toEqual([
      { body: { dealerId: 'd1', exportId: 'exp_9', jobId: 'job_1', kind: 'feed' }, group: 'exp_9' },
    ]);
  });
});
