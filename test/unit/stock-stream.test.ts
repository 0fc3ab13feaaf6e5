import { describe, expect, it } from 'vitest';
import { stockChangeOf } from '../../shared/adapters/dynamodb/stock-stream';
import { stockStreamRecord } from '../support/events';

const vehicleKeys = { pk: 'DEALER#d1', sk: 'VEHICLE#veh_1' };

describe('reading a stock stream record as a vehicle change', () => {
  it.each([
    ['an insert', 'INSERT', { newImage: { version: 1 } }, { kind: 'upserted', version: 1 }],
    [
      'a modify',
      'MODIFY',
      { newImage: { version: 4, price: '2.00' }, oldImage: { version: 3, price: '1.00' } },
      { kind: 'upserted', version: 4 },
    ],
    [
      'a dealer deletion (one more version)',
      'REMOVE',
      { oldImage: { version: 4 } },
      { kind: 'removed', version: 5 },
    ],
  ] as const)('reads %s', (_, eventName, images, expected) => {
    const change = stockChangeOf(stockStreamRecord({ eventName, keys: vehicleKeys, ...images }));
    expect(change).toMatchObject({ dealerId: 'd1', vehicleId: 'veh_1', ...expected });
  });

  it('reads the releases before and after the change', () => {
    const record = stockStreamRecord({
      eventName: 'MODIFY',
      keys: vehicleKeys,
      oldImage: { version: 1, releases: { exp_a: true } },
      newImage: { version: 2, releases: { exp_a: false, exp_b: true } },
    });
    expect(stockChangeOf(record)).toMatchObject({
      releasedBefore: { exp_a: true },
      releasedAfter: { exp_a: false, exp_b: true },
    });
    const removal = stockStreamRecord({
      eventName: 'REMOVE',
      keys: vehicleKeys,
      oldImage: { version: 2, releases: { exp_b: true } },
    });
    expect(stockChangeOf(removal)).toMatchObject({ releasedBefore: { exp_b: true }, releasedAfter: {} });
  });

  it('ignores a rewrite that changed nothing but the version', () => {
    const record = stockStreamRecord({
      eventName: 'MODIFY',
      keys: vehicleKeys,
      oldImage: {
        version: 3,
        updatedAt: '2026-11-27T09:00:00.000Z',
        make: 'Audi',
        releases: { exp_a: true },
      },
      newImage: {
        version: 4,
        updatedAt: '2026-11-27T09:05:00.000Z',
        make: 'Audi',
        releases: { exp_a: true },
      },
    });
    expect(stockChangeOf(record)).toBeUndefined();
  });

  it('never takes a TTL removal by the DynamoDB service for a deletion', () => {
    const record = stockStreamRecord({
      eventName: 'REMOVE',
      keys: vehicleKeys,
      oldImage: { version: 2 },
      ttl: true,
    });
    expect(stockChangeOf(record)).toBeUndefined();
  });

  it('ignores items that are not vehicles', () => {
    const record = stockStreamRecord({
      eventName: 'MODIFY',
      keys: { pk: 'DEALER#d1', sk: 'PROFILE' },
      newImage: { version: 1 },
    });
    expect(stockChangeOf(record)).toBeUndefined();
  });

  it('rejects a vehicle image without a version (a broken item must not pass silently)', () => {
    const record = stockStreamRecord({ eventName: 'INSERT', keys: vehicleKeys, newImage: { make: 'Audi' } });
    expect(() => stockChangeOf(record)).toThrow();
  });
});
