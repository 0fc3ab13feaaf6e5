import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { DynamoLockStore } from '../../shared/adapters/dynamodb/export-locks-table';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { anExport } from '../support/fakes';
import { startTestDynamo, type TestDynamo } from '../support/local-services';

describe('the lock items in DynamoDB Local', () => {
  let dynamo: TestDynamo;
  let locks: DynamoLockStore;
  const exp = anExport({ exportId: 'exp_lock', dealerId: 'd-lock' });
  const lock = {
    reason: 'MASS_REMOVAL',
    detail: '5 of 20',
    lockedAt: '2026-11-27T09:00:00.000Z',
    heldChanges: 0,
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    locks = new DynamoLockStore(dynamo.documents, tables.exports.name);
    await dynamo.documents.send(new PutCommand({ TableName: tables.exports.name, Item: exportItem(exp) }));
  });
  afterAll(async () => {
    await dynamo?.server.stop();
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute));

  it('counts each vehicle once in the window, however often it is noted', async () => {
    expect(await locks.noteRemoval('exp_lock', 'veh_1', at(0), at(-60))).toBe(true);
    expect(await locks.noteRemoval('exp_lock', 'veh_1', at(1), at(-59))).toBe(false);
    expect(await locks.noteRemoval('exp_lock', 'veh_2', at(2), at(-58))).toBe(true);
    expect(await locks.countRemovals('exp_lock', at(-58))).toBe(2);
    expect(await locks.countRemovals('exp_lock', at(2))).toBe(1);
    // Noted again after its window passed: it counts anew.
    expect(await locks.noteRemoval('exp_lock', 'veh_1', at(70), at(10))).toBe(true);
  });

  it('locks an active export once, holds each vehicle once, and unlocks once', async () => {
    expect((await locks.lock(exp, lock)).status).toBe('locked');
    const second = await locks.lock(exp, { ...lock, lockedAt: '2026-11-27T09:05:00.000Z' });
    expect(second.lock?.lockedAt).toBe(lock.lockedAt);

    expect(await locks.hold(exp, 'veh_1', at(1))).toBe(true);
    expect(await locks.hold(exp, 'veh_1', at(2))).toBe(false);
    expect(await locks.hold(exp, 'veh_2', at(3))).toBe(true);
    expect([...(await locks.heldVehicles('exp_lock'))].sort()).toEqual(['veh_1', 'veh_2']);
    expect(await locks.markNotified(exp, at(4))).toBe(true);
    expect(await locks.markNotified(exp, at(5))).toBe(false);

    const unlocked = await locks.unlock(exp, at(10));
    expect(unlocked).toMatchObject({ status: 'active', lock: null, unlockedAt: at(10).toISOString() });
    expect(unlocked?.lockNotifiedAt).toBeUndefined();
    expect(await locks.unlock(exp, at(11))).toBeUndefined();
    await expect(locks.hold(exp, 'veh_3', at(12))).rejects.toThrow('no longer locked');

    await locks.forgetHeld('exp_lock', ['veh_1', 'veh_2']);
    expect(await locks.heldVehicles('exp_lock')).toEqual([]);
  });
});
