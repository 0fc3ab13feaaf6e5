import { describe, expect, it } from 'vitest';
import { isFeedDue } from '../../shared/domain/feed-schedule';

const at = (iso: string) => new Date(iso);

describe('feed schedule', () => {
  it.each([
    [
      'a time slot just reached',
      { times: ['06:00', '18:00'] },
      '2026-11-27T06:00:10Z',
      '2026-11-26T18:00:05Z',
      true,
    ],
    ['a slot already run', { times: ['06:00'] }, '2026-11-27T06:01:00Z', '2026-11-27T06:00:05Z', false],
    ['between slots', { times: ['06:00', '18:00'] }, '2026-11-27T12:00:00Z', '2026-11-27T06:00:05Z', false],
    [
      'a slot missed for a minute, caught up once',
      { times: ['06:00'] },
      '2026-11-27T06:02:00Z',
      '2026-11-26T06:00:00Z',
      true,
    ],
    [
      'slot before midnight seen after it',
      { times: ['23:59'] },
      '2026-11-28T00:00:30Z',
      '2026-11-26T23:59:00Z',
      true,
    ],
    ['first run of a new export at its slot', { times: ['06:00'] }, '2026-11-27T06:00:30Z', undefined, true],
    [
      'first run of a new export off its slot',
      { times: ['06:00'] },
      '2026-11-27T07:00:00Z',
      undefined,
      false,
    ],
    [
      'every 60 minutes, not yet',
      { everyMinutes: 60 },
      '2026-11-27T06:59:00Z',
      '2026-11-27T06:00:00Z',
      false,
    ],
    ['every 60 minutes, due', { everyMinutes: 60 }, '2026-11-27T07:00:00Z', '2026-11-27T06:00:00Z', true],
    ['every 60 minutes, never run', { everyMinutes: 60 }, '2026-11-27T07:00:00Z', undefined, true],
  ])('%s', (_, schedule, now, lastRun, due) => {
    expect(isFeedDue(schedule, at(now), lastRun ? at(lastRun) : undefined)).toBe(due);
  });
});
