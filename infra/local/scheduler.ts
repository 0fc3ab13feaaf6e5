import { randomUUID } from 'node:crypto';
import awsCronParser from 'aws-cron-parser';
import type { ScheduledEvent } from 'aws-lambda';
import type { LocalLog } from './log';

/**
 * The local EventBridge schedules: a timer per schedule from its expression, a "Scheduled Event"
 * per run, and run-now. Runs of one schedule never overlap (EventBridge would let them; locally
 * an overlap only confuses). Handler errors are logged and swallowed, as there is no retry here.
 */
export interface ScheduleExpression {
  /** The first time strictly after `date` at which the schedule fires (UTC). */
  nextAfter(date: Date): Date;
}

const rateUnits = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** `rate(1 minute)`, `rate(n minutes|hours|days)` or `cron(min hour day-of-month month day-of-week year)`. */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) return parseRate(expression, Number(rate[1]), rate[2]!);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) return parseCron(expression, cron[1]!);
  throw new Error(`invalid schedule expression "${expression}": expected rate(...) or cron(...)`);
}

function parseRate(expression: string, value: number, unit: string): ScheduleExpression {
  // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)": singular exactly for 1.
  const singular = !unit.endsWith('s');
  if (value < 1 || singular !== (value === 1)) {
    throw new Error(
      `invalid schedule expression "${expression}": use "1 ${unit.replace(/s$/, '')}" or "n ${unit.replace(/s?$/, 's')}" with n > 1`,
    );
  }
  const periodMs = value * rateUnits[unit.replace(/s$/, '') as keyof typeof rateUnits];
  return {
    // Aligned to the epoch, so rate(1 minute) fires on the minute and runs are predictable locally.
    nextAfter: (date) => new Date((Math.floor(date.getTime() / periodMs) + 1) * periodMs),
  };
}

function parseCron(expression: string, body: string): ScheduleExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `invalid schedule expression "${expression}": cron needs 6 fields (minute hour day-of-month month day-of-week year)`,
    );
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  // EventBridge: one of day-of-month and day-of-week must be "?", never both.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new Error(
      `invalid schedule expression "${expression}": exactly one of day-of-month and day-of-week must be "?"`,
    );
  }
  if (fields.some((field) => !/^[0-9A-Za-z*?,\-/#]+$/.test(field))) {
    throw new Error(`invalid schedule expression "${expression}": unexpected characters`);
  }
  let parsed: ReturnType<typeof awsCronParser.parse>;
  try {
    parsed = awsCronParser.parse(fields.join(' '));
  } catch (error) {
    throw new Error(
      `invalid schedule expression "${expression}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // The parser turns words it does not know into NaN instead of failing.
  if (
    Object.values(parsed).some(
      (values: unknown) => Array.isArray(values) && values.some((value) => Number.isNaN(value)),
    )
  ) {
    throw new Error(`invalid schedule expression "${expression}": unknown value`);
  }
  return {
    nextAfter: (date) => {
      const next = awsCronParser.next(parsed, date);
      if (!next)
        throw new Error(`schedule expression "${expression}" has no occurrence after ${date.toISOString()}`);
      return next;
    },
  };
}

export interface LocalSchedule {
  name: string;
  expression: string;
  invoke: (event: ScheduledEvent) => Promise<unknown>;
}

export interface SchedulerOptions {
  schedules: readonly LocalSchedule[];
  region: string;
  log: LocalLog;
  now?: () => Date;
  /** False: no timers, only run-now (tests and `npm start` without schedules). Default true. */
  enabled?: boolean;
}

export interface Scheduler {
  /** Runs the schedule now (after its current run, if one is going); false when the name is unknown. */
  runNow(name: string): Promise<boolean>;
  names(): string[];
  stop(): void;
}

/** setTimeout's ceiling (about 24.8 days); longer waits are taken in steps. */
const maxTimerMs = 2 ** 31 - 1;

interface Entry extends LocalSchedule {
  readonly schedule: ScheduleExpression;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { log, region } = options;
  const now = options.now ?? (() => new Date());
  // Every expression is parsed up front, so a bad one fails at start, not at its first run.
  const entries = new Map<string, Entry>(
    options.schedules.map((schedule) => [
      schedule.name,
      { ...schedule, schedule: parseScheduleExpression(schedule.expression) },
    ]),
  );
  let stopped = false;

  const run = (entry: Entry, time: Date): Promise<void> => {
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:aws:events:${region}:000000000000:rule/${entry.name}`],
      detail: {},
    };
    // Through a promise chain, so a handler that throws synchronously is caught like one that rejects.
    const running = Promise.resolve()
      .then(() => entry.invoke(event))
      .then(
        () => undefined,
        (error: unknown) => {
          log.error('scheduled run failed', {
            schedule: entry.name,
            error: error instanceof Error ? error.message : String(error),
          });
        },
      )
      .finally(() => {
        entry.running = undefined;
      });
    entry.running = running;
    return running;
  };

  const arm = (entry: Entry, at: Date): void => {
    if (stopped) return;
    const wait = at.getTime() - now().getTime();
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        // A wait beyond the timer ceiling (or a clock that lags the timer) is continued, not fired early.
        if (at.getTime() - now().getTime() > 10) {
          arm(entry, at);
          return;
        }
        if (entry.running)
          log.warn('previous run still going; this run is skipped', { schedule: entry.name });
        else void run(entry, at);
        armNext(entry, at);
      },
      Math.min(Math.max(wait, 0), maxTimerMs),
    );
  };

  const armNext = (entry: Entry, after: Date): void => {
    // After a long pause (laptop asleep) the missed runs are not replayed: the next one is after now.
    const from = new Date(Math.max(after.getTime(), now().getTime()));
    try {
      arm(entry, entry.schedule.nextAfter(from));
    } catch (error) {
      log.error('schedule has no next run', {
        schedule: entry.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  if (options.enabled ?? true) for (const entry of entries.values()) armNext(entry, now());

  return {
    runNow: async (name) => {
      const entry = entries.get(name);
      if (!entry) return false;
      while (entry.running) await entry.running;
      await run(entry, now());
      return true;
    },
    names: () => [...entries.keys()],
    stop: () => {
      stopped = true;
      for (const entry of entries.values()) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
      }
    },
  };
}
