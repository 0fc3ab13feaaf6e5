import type { BatchReleaseCounter, ReleaseCount, ReleaseCounter, ReleaseTransition } from './ports';

interface Waiting {
  readonly transition: ReleaseTransition;
  readonly resolve: (count: ReleaseCount) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A ReleaseCounter for one stream batch: the transitions its records ask for at about the same
 * time (the batch processor runs records in parallel) are counted per export in one go, instead of
 * one read and one transaction each contending for the export item. One export's rounds run one
 * after the other; a failed round fails exactly the records whose transitions it held.
 */
export function coalescingReleaseCounter(counter: BatchReleaseCounter): ReleaseCounter {
  const waiting = new Map<string, Waiting[]>();
  const previous = new Map<string, Promise<unknown>>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    for (const [exportId, round] of waiting) {
      waiting.delete(exportId);
      const before = previous.get(exportId) ?? Promise.resolve();
      const counted = before
        .catch(() => undefined)
        .then(() => counter.countReleases(round.map((entry) => entry.transition)));
      previous.set(exportId, counted);
      counted.then(
        (counts) => round.forEach((entry, index) => entry.resolve(counts[index]!)),
        (error: unknown) => round.forEach((entry) => entry.reject(error)),
      );
    }
  };

  return {
    countRelease: (transition) =>
      new Promise<ReleaseCount>((resolve, reject) => {
        const round = waiting.get(transition.exportId) ?? [];
        round.push({ transition, resolve, reject });
        waiting.set(transition.exportId, round);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
  };
}
