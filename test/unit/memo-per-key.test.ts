import { describe, expect, it } from 'vitest';
import { memoPerKey } from '../../shared/application/memo-per-key';

describe('memo per key', () => {
  it('reads each key once, concurrent asks included', async () => {
    const reads: string[] = [];
    const read = memoPerKey(async (key) => {
      reads.push(key);
      return key.toUpperCase();
    });
    expect(await Promise.all([read('d1'), read('d1'), read('d2')])).toEqual(['D1', 'D1', 'D2']);
    expect(await read('d1')).toBe('D1');
    expect(reads).toEqual(['d1', 'd2']);
  });

  it('does not remember a failed read', async () => {
    let attempt = 0;
    const read = memoPerKey(async () => {
      attempt++;
      if (attempt === 1) throw new Error('throttled');
      return 'ok';
    });
    await expect(read('d1')).rejects.toThrow('throttled');
    expect(await read('d1')).toBe('ok');
  });
});
