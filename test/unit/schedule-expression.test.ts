import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalLog } from '../../infra/local/log';
import { parseScheduleExpression, startScheduler, type Scheduler } from '../../infra/local/scheduler';

describe('parseScheduleExpression', () => {
  // 2026-11-27 is a Friday.
  const cases: { expression: string; after: string; next: string }[] = [
    { expression: 'rate(1 minute)', after: '2026-11-27T10:00:30.000Z', next: '2026-11-27T10:01:00.000Z' },
    { expression: 'rate(1 minute)', after: '2026-11-27T10:01:00.000Z', next: '2026-11-27T10:02:00.000Z' },
    { expression: 'rate(5 minutes)', after: '2026-11-27T10:03:00.000Z', next: '2026-11-27T10:05:00.000Z' },
    { expression: 'rate(1 hour)', after: '2026-11-27T10:03:00.000Z', next: '2026-11-27T11:00:00.000Z' },
    { expression: 'rate(2 hours)', after: '2026-11-27T10:03:00.000Z', next: '2026-11-27T12:00:00.000Z' },
    { expression: 'rate(1 day)', after: '2026-11-27T10:03:00.000Z', next: '2026-11-28T00:00:00.000Z' },
    // Rates are aligned to the epoch: 2026-11-30 is day 20787 = 3 × 6929.
    { expression: 'rate(3 days)', after: '2026-11-27T10:03:00.000Z', next: '2026-11-30T00:00:00.000Z' },
    { expression: 'cron(0 12 * * ? *)', after: '2026-11-27T10:00:00.000Z', next: '2026-11-27T12:00:00.000Z' },
    { expression: 'cron(0 12 * * ? *)', after: '2026-11-27T12:00:00.000Z', next: '2026-11-28T12:00:00.000Z' },
    {
      expression: 'cron(0/15 * * * ? *)',
      after: '2026-11-27T10:07:12.000Z',
      next: '2026-11-27T10:15:00.000Z',
    },
    {
      expression: 'cron(0 9 ? * MON-FRI *)',
      after: '2026-11-27T10:00:00.000Z',
      next: '2026-11-30T09:00:00.000Z',
    },
    {
      expression: 'cron(0 9 ? * 2-6 *)',
      after: '2026-11-27T10:00:00.000Z',
      next: '2026-11-30T09:00:00.000Z',
    },
    { expression: 'cron(0 8 1 * ? *)', after: '2026-11-27T10:00:00.000Z', next: '2026-12-01T08:00:00.000Z' },
    { expression: 'cron(30 2 L * ? *)', after: '2026-11-27T10:00:00.000Z', next: '2026-11-30T02:30:00.000Z' },
    {
      expression: 'cron(0 0 1 1 ? 2027-2030)',
      after: '2026-11-27T10:00:00.000Z',
      next: '2027-01-01T00:00:00.000Z',
    },
  ];

  it.each(cases)('$expression after $after is $next', ({ expression, after, next }) => {
    expect(parseScheduleExpression(expression).nextAfter(new Date(after)).toISOString()).toBe(next);
  });

  it.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(1 week)',
    'rate(30 seconds)',
    'every minute',
    'cron(0 12 * * ?)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(0 25 * * ? *)',
    'cron(0 12 * FOO ? *)',
    'cron(0 12 * * MON *)',
  ])('rejects %s', (expression) => {
    expect(() => parseScheduleExpression(expression)).toThrow(/invalid schedule expression/);
  });

  it('says so when a cron has no occurrence left', () => {
    const schedule = parseScheduleExpression('cron(0 0 1 1 ? 2020)');
    expect(() => schedule.nextAfter(new Date('2026-11-27T10:00:00Z'))).toThrow(/no occurrence/);
  });
});

describe('startScheduler', () => {
  let scheduler: Scheduler | undefined;
  const lines: string[] = [];
  const log = createLocalLog('scheduler', (line) => lines.push(line));

  beforeEach(() => {
    lines.length = 0;
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-27T10:00:30.000Z'));
  });

  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  /** A handler that has done its (synchronous) work. */
  const resolved = (_work: unknown): Promise<void> => Promise.resolve();

  function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  }

  it('fires at each next time with an EventBridge Scheduled Event', async () => {
    const events: ScheduledEvent[] = [];
    scheduler = startScheduler({
      schedules: [
        {
          name: 'dispatch-feeds',
          expression: 'rate(1 minute)',
          invoke: (event) => resolved(events.push(event)),
        },
      ],
      region: 'eu-central-1',
      log,
    });

    await vi.advanceTimersByTimeAsync(29_000);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(60_000);

    expect(events.map((event) => event.time)).toEqual(['2026-11-27T10:01:00Z', '2026-11-27T10:02:00Z']);
    expect(events[0]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-27T10:01:00Z',
      region: 'eu-central-1',
      resources: ['arn:aws:events:eu-central-1:000000000000:rule/dispatch-feeds'],
      detail: {},
    });
    expect(events[0]!.id).not.toBe(events[1]!.id);
  });

  it('never overlaps two runs of one schedule', async () => {
    const first = deferred();
    let calls = 0;
    scheduler = startScheduler({
      schedules: [
        {
          name: 'slow',
          expression: 'rate(1 minute)',
          invoke: () => (++calls === 1 ? first.promise : Promise.resolve()),
        },
      ],
      region: 'eu-central-1',
      log,
    });

    await vi.advanceTimersByTimeAsync(30_000 + 60_000);
    expect(calls).toBe(1);
    expect(lines.join('\n')).toMatch(/skipped/);

    first.resolve();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
  });

  it('logs a failing run and keeps the schedule going', async () => {
    let calls = 0;
    scheduler = startScheduler({
      schedules: [
        {
          name: 'flaky',
          expression: 'rate(1 minute)',
          invoke: () => {
            calls++;
            return Promise.reject(new Error('table unavailable'));
          },
        },
      ],
      region: 'eu-central-1',
      log,
    });

    await vi.advanceTimersByTimeAsync(30_000 + 60_000);

    expect(calls).toBe(2);
    expect(lines.filter((line) => line.includes('scheduled run failed'))).toHaveLength(2);
    expect(lines[0]).toMatch(
      /ERROR \[scheduler\] scheduled run failed schedule=flaky error=table unavailable/,
    );
  });

  it('runs now on request, after the current run, and knows its names', async () => {
    const first = deferred();
    const times: string[] = [];
    scheduler = startScheduler({
      schedules: [
        {
          name: 'dispatch-feeds',
          expression: 'rate(1 minute)',
          invoke: (event) => {
            times.push(event.time);
            return times.length === 1 ? first.promise : Promise.resolve();
          },
        },
      ],
      region: 'eu-central-1',
      log,
    });
    expect(scheduler.names()).toEqual(['dispatch-feeds']);
    expect(await scheduler.runNow('unknown')).toBe(false);

    await vi.advanceTimersByTimeAsync(30_000);
    const requested = scheduler.runNow('dispatch-feeds');
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toHaveLength(1);

    first.resolve();
    expect(await requested).toBe(true);
    expect(times).toEqual(['2026-11-27T10:01:00Z', '2026-11-27T10:01:00Z']);
  });

  it('with enabled false only runs on request', async () => {
    let calls = 0;
    scheduler = startScheduler({
      schedules: [{ name: 'manual', expression: 'rate(1 minute)', invoke: () => resolved(calls++) }],
      region: 'eu-central-1',
      log,
      enabled: false,
    });

    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(0);
    expect(await scheduler.runNow('manual')).toBe(true);
    expect(calls).toBe(1);
  });

  it('leaves no timer behind after stop', async () => {
    let calls = 0;
    scheduler = startScheduler({
      schedules: [
        { name: 'a', expression: 'rate(1 minute)', invoke: () => resolved(calls++) },
        { name: 'b', expression: 'cron(0 12 * * ? *)', invoke: () => resolved(calls++) },
      ],
      region: 'eu-central-1',
      log,
    });
    expect(vi.getTimerCount()).toBe(2);

    scheduler.stop();

    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(calls).toBe(0);
  });

  it('uses the injected clock for the schedule', async () => {
    const times: string[] = [];
    scheduler = startScheduler({
      schedules: [
        {
          name: 'noon',
          expression: 'cron(0 12 * * ? *)',
          invoke: (event) => resolved(times.push(event.time)),
        },
      ],
      region: 'eu-central-1',
      log,
      now: () => new Date(Date.now() + 2 * 3_600_000 - 60_000),
    });

    // The injected clock reads 11:59:30 while the system clock reads 10:00:30.
    await vi.advanceTimersByTimeAsync(29_000);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toEqual(['2026-11-27T12:00:00Z']);
  });

  it('refuses to start with an invalid expression', () => {
    expect(() =>
      startScheduler({
        schedules: [{ name: 'bad', expression: 'rate(1 minutes)', invoke: () => resolved(undefined) }],
        region: 'eu-central-1',
        log,
      }),
    ).toThrow(/invalid schedule expression/);
  });
});
