import { describe, expect, it } from 'vitest';
import { CoalescingSyncQueue } from '../../shared/application/coalescing-sync-queue';
import type { SyncQueue } from '../../shared/application/ports';
import type { SyncMessage } from '../../shared/domain/sync-message';

const message = (vehicle: number): SyncMessage => ({
  dealerId: 'd1',
  exportId: 'exp_1',
  vehicleId: `veh_${vehicle}`,
  version: 1,
});

class RecordingRequests implements SyncQueue {
  readonly requests: string[][] = [];
  failWhenCarrying?: string;
  async send(messages: readonly SyncMessage[]) {
    this.requests.push(messages.map((m) => m.vehicleId));
    if (this.failWhenCarrying && messages.some((m) => m.vehicleId === this.failWhenCarrying)) {
      throw new Error('SQS refused');
    }
  }
}

describe('coalescing the sync messages of a stream batch', () => {
  it('sends what records send at about the same time 10 to a request, keeping each record whole', async () => {
    const inner = new RecordingRequests();
    const queue = new CoalescingSyncQueue(inner);

    await Promise.all([
      ...Array.from({ length: 13 }, (_, index) => queue.send([message(index)])),
      queue.send([message(100), message(101)]),
    ]);

    expect(inner.requests.map((request) => request.length)).toEqual([10, 5]);
    expect(inner.requests.flat()).toHaveLength(15);
  });

  it('fails only the records whose messages were in the failed request', async () => {
    const inner = new RecordingRequests();
    inner.failWhenCarrying = 'veh_12';
    const queue = new CoalescingSyncQueue(inner);

    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, index) => queue.send([message(index)])),
    );

    expect(results.slice(0, 10).every((result) => result.status === 'fulfilled')).toBe(true);
    expect(results.slice(10).every((result) => result.status === 'rejected')).toBe(true);
  });

  it('sends a record with more than 10 messages on its own', async () => {
    const inner = new RecordingRequests();
    const queue = new CoalescingSyncQueue(inner);
    await Promise.all([
      queue.send([message(0)]),
      queue.send(Array.from({ length: 12 }, (_, index) => message(10 + index))),
    ]);
    expect(inner.requests.map((request) => request.length)).toEqual([1, 12]);
  });
});
