import { describe, expect, it } from 'vitest';
import { DetailBuffer } from '../../shared/application/detail-buffer';
import type { Detail } from '../../shared/domain/detail';
import { RecordingDetails } from '../support/fakes';

const detail = (n: number): Detail => ({
  detailId: `det_${n}`,
  exportId: 'exp_1',
  at: '2026-11-27T09:00:00.000Z',
  kind: 'delta',
  vehicleId: `veh_${n}`,
  action: 'update',
  outcome: 'success',
  messages: [],
});

describe('details written together at the end of an invocation', () => {
  it('writes nothing until flushed, then everything in one write', async () => {
    const sink = new RecordingDetails();
    const buffer = new DetailBuffer(sink);

    await Promise.all([1, 2, 3].map((n) => buffer.record(detail(n))));
    expect(sink.details).toEqual([]);

    await buffer.flush();
    expect(sink.details.map((written) => written.detailId)).toEqual(['det_1', 'det_2', 'det_3']);
    expect(sink.writes).toBe(1);
  });

  it('writes each detail once, and nothing when there is nothing', async () => {
    const sink = new RecordingDetails();
    const buffer = new DetailBuffer(sink);

    await buffer.flush();
    await buffer.record(detail(1));
    await buffer.flush();
    await buffer.flush();

    expect(sink.details).toHaveLength(1);
    expect(sink.writes).toBe(1);
  });

  it('fails the flush when the write fails', async () => {
    const failing = { recordAll: async () => Promise.reject(new Error('throttled')) };
    const buffer = new DetailBuffer(failing);
    await buffer.record(detail(1));

    await expect(buffer.flush()).rejects.toThrow('throttled');
  });
});
