/** Small order statistics for benchmark samples. */

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('no samples');
  return [...samples].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between the closest ranks (the
 * numpy/Excel PERCENTILE.INC definition): p50 of an even count is the mean of the middle two.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new Error(`percentile out of range: ${p}`);
  const values = sorted(samples);
  const rank = (p / 100) * (values.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = values[lower] ?? 0;
  const high = values[upper] ?? low;
  return low + (high - low) * (rank - lower);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const values = sorted(samples);
  return {
    n: values.length,
    min: values[0] ?? 0,
    median: percentile(values, 50),
    p90: percentile(values, 90),
    max: values[values.length - 1] ?? 0,
  };
}

/** Rounds for display and JSON (milliseconds to 0.1 ms, ratios to 0.01). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
