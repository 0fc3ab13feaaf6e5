import { SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns, startFauxqs } from 'fauxqs';
import { deadLetterQueueName, queues, type QueueKey, type QueueSpec } from '../topology';
import { restoreQueueSnapshot, saveQueueSnapshot, type InspectedMessage } from './queue-snapshot';

export interface LocalQueue {
  readonly key: QueueKey;
  readonly spec: QueueSpec;
  readonly url: string;
  readonly arn: string;
  /** Its dead-letter queue, when the topology gives it one. */
  readonly deadLetter?: { readonly name: string; readonly url: string; readonly arn: string };
}

export interface SqsLocal {
  readonly endpoint: string;
  readonly queues: Readonly<Record<QueueKey, LocalQueue>>;
  /** Messages sent again from the snapshot file at start. */
  readonly restored: number;
  stop(): Promise<void>;
}

/**
 * Starts the fauxqs SQS emulator in-process with every queue of the topology and its DLQ. With a
 * `snapshotFile`, the messages left at the last stop are sent again, and saved again at this stop.
 */
export async function startSqsLocal(options: {
  port?: number;
  region: string;
  snapshotFile?: string;
}): Promise<SqsLocal> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false, defaultRegion: options.region });
  // Queue URLs are `http://sqs.<region>.localhost:<port>/...`, and an SDK client sends to its queue
  // URL's host. RFC 6761 reserves *.localhost for loopback, but this machine's resolver only knows
  // `localhost` itself, so this process resolves the subdomains (and nothing else) on its own.
  const restoreDns = interceptLocalhostDns();
  const created = {} as Record<QueueKey, LocalQueue>;
  for (const [key, spec] of Object.entries(queues) as [QueueKey, QueueSpec][]) {
    const fifo: Record<string, string> = spec.fifo ? { FifoQueue: 'true' } : {};
    let deadLetter: LocalQueue['deadLetter'];
    const attributes: Record<string, string> = {
      ...fifo,
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    };
    if (spec.maxReceiveCount !== undefined) {
      const name = deadLetterQueueName(spec);
      const dlq = server.createQueue(name, { attributes: { ...fifo, MessageRetentionPeriod: '1209600' } });
      deadLetter = { name, url: dlq.queueUrl, arn: dlq.queueArn };
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: dlq.queueArn,
        maxReceiveCount: String(spec.maxReceiveCount),
      });
    }
    const queue = server.createQueue(spec.name, { attributes });
    created[key] = { key, spec, url: queue.queueUrl, arn: queue.queueArn, deadLetter };
  }
  const names = Object.values(created).flatMap((queue) => [
    queue.spec.name,
    ...(queue.deadLetter ? [queue.deadLetter.name] : []),
  ]);
  const urlOf = (name: string) => server.inspectQueue(name)?.url;
  let restored = 0;
  if (options.snapshotFile) {
    const client = new SQSClient({
      endpoint: server.address,
      region: options.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    restored = await restoreQueueSnapshot(options.snapshotFile, client, urlOf);
    client.destroy();
  }

  return {
    endpoint: server.address,
    queues: created,
    restored,
    stop: async () => {
      if (options.snapshotFile) {
        const contents: Record<string, InspectedMessage[]> = {};
        for (const name of names) {
          const messages = server.inspectQueue(name)?.messages;
          if (!messages) continue;
          contents[name] = [
            ...messages.ready,
            ...messages.delayed,
            ...messages.inflight.map((entry) => entry.message),
          ];
        }
        saveQueueSnapshot(options.snapshotFile, contents);
      }
      await server.stop();
      restoreDns();
    },
  };
}
