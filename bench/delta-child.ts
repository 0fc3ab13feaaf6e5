import { benchDelta, type DeltaBenchOptions } from './delta';

/**
 * One run of the delta benchmark (bench/delta.ts) in a process of its own: the local stack's
 * handler modules keep their clients (and endpoints) for the life of a process, so a second
 * stack needs a fresh one. Reads its options from BENCH_DELTA_CHILD (JSON), prints progress to
 * stderr and one `DELTA_CHILD_JSON {…}` line to stdout.
 */
const options = JSON.parse(process.env.BENCH_DELTA_CHILD ?? '{}') as Omit<DeltaBenchOptions, 'progress'>;
const result = await benchDelta({ ...options, progress: (line) => process.stderr.write(`  … ${line}\n`) });
process.stdout.write(`DELTA_CHILD_JSON ${JSON.stringify(result)}\n`);
