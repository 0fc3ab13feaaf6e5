import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleFifoGroups } from '../../shared/adapters/sqs/fifo-groups';
import { sqsRecord } from '../support/events';

const message = (group: string, n: number): SQSRecord => ({
  ...sqsRecord({ n }, group),
  messageId: `${group}-${n}`,
});
const bodyOf = (record: SQSRecord) =>
  `${record.attributes.MessageGroupId}-${(JSON.parse(record.body) as { n: number }).n}`;

/** Lets the handler's awaits interleave the way I/O does. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('handling a FIFO batch group by group', () => {
  it('runs the groups side by side and each group in order', async () => {
    const batch = [message('a', 1), message('b', 1), message('a', 2), message('c', 1), message('a', 3)];
    const started: string[] = [];
    const finished: string[] = [];
    let running = 0;
    let mostAtOnce = 0;

    const response = await handleFifoGroups(batch, async (record) => {
      started.push(bodyOf(record));
      mostAtOnce = Math.max(mostAtOnce, ++running);
      for (let i = 0; i < 3; i++) await tick();
      running--;
      finished.push(bodyOf(record));
    });

    expect(response.batchItemFailures).toEqual([]);
    expect(mostAtOnce).toBe(3);
    const groupA = (names: string[]) => names.filter((name) => name.startsWith('a-'));
    expect(groupA(started)).toEqual(['a-1', 'a-2', 'a-3']);
    // a-2 starts only after a-1 finished.
    expect(finished.indexOf('a-1')).toBeLessThan(started.indexOf('a-2'));
    expect(finished.indexOf('a-2')).toBeLessThan(started.indexOf('a-3'));
  });

  it('after a failure skips the rest of that group only, and reports them failed in batch order', async () => {
    const batch = [message('a', 1), message('b', 1), message('a', 2), message('b', 2), message('a', 3)];
    const handled: string[] = [];
    const failures: string[] = [];

    const response = await handleFifoGroups(
      batch,
      async (record) => {
        await tick();
        if (bodyOf(record) === 'a-2') throw new Error('platform down');
        handled.push(bodyOf(record));
      },
      (record, error) => failures.push(`${record.messageId}: ${(error as Error).message}`),
    );

    expect(handled.sort()).toEqual(['a-1', 'b-1', 'b-2']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a-2' }, { itemIdentifier: 'a-3' }]);
    expect(failures).toEqual(['a-2: platform down']);
  });

  it('treats a record without a group as a group of its own', async () => {
    const lone = message('x', 1);
    const withoutGroup = { ...lone, attributes: { ...lone.attributes, MessageGroupId: undefined } };
    const handled: string[] = [];

    const response = await handleFifoGroups([withoutGroup, message('a', 1)], async (record) => {
      handled.push(record.messageId);
    });

    expect(handled.sort()).toEqual(['a-1', 'x-1']);
    expect(response.batchItemFailures).toEqual([]);
  });
});
