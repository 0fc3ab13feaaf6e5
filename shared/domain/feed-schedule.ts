import * as z from 'zod';

/** When a feed export runs: fixed UTC times of day, or every n minutes. */
export const FeedScheduleSchema = z.union([
  z.object({
    times: z
      .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM in UTC'))
      .min(1)
      .max(48),
  }),
  z.object({ everyMinutes: z.number().int().min(15).max(1440) }),
]);
export type FeedSchedule = z.infer<typeof FeedScheduleSchema>;

/**
 * Is a run due at `now`, given the last run's start? The dispatcher runs every minute, so a slot
 * is due when it lies in (lastRun, now] — a missed minute is caught up once, never twice.
 */
export function isFeedDue(schedule: FeedSchedule, now: Date, lastRunAt: Date | undefined): boolean {
  if ('everyMinutes' in schedule) {
    return !lastRunAt || now.getTime() - lastRunAt.getTime() >= schedule.everyMinutes * 60_000;
  }
  const since = lastRunAt ?? new Date(now.getTime() - 60_000);
  return schedule.times.some((time) => {
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    const slot = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes),
    );
    if (slot > now) slot.setUTCDate(slot.getUTCDate() - 1);
    return slot > since && slot <= now;
  });
}
