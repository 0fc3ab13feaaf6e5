import { interceptLocalhostDns, startFauxqs } from 'fauxqs';
import { deadLetterQueueName, queues, type QueueKey, type QueueSpec } from '../topology';

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
  stop(): Promise<void>;
}

/** Starts the fauxqs SQS emulator in-process with every queue of the topology and its DLQ. */
export async function startSqsLocal(options: { port?: number; region: string }): Promise<SqsLocal> {
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
  return {
    endpoint: server.address,
    queues: created,
    stop: async () => {
      await server.stop();
      restoreDns();
    },
  };
}
