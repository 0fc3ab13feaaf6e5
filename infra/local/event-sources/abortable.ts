/** Small helpers the local pollers share: abortable sleep, back-off, error text. */

/** A timer that the abort signal (or the interrupt handed to `expose`) ends early, leaving no timer behind. */
export function sleep(
  ms: number,
  signal: AbortSignal,
  expose?: (interrupt: () => void) => void,
): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    expose?.(done);
  });
}

/** 100 ms doubling, capped at 2 s: fast enough for tests, gentle on a broken handler. */
export function backoffMs(failures: number): number {
  return Math.min(2000, 100 * 2 ** Math.max(0, failures - 1));
}

/** An error's text for a log line, with the first inner error of a whole-batch failure. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Powertools' FullBatchFailureError keeps the per-record errors in `recordErrors`.
  const inner = (error as Error & { recordErrors?: unknown[] }).recordErrors?.[0];
  return inner instanceof Error ? `${error.message} First: ${inner.name}: ${inner.message}` : error.message;
}
