import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildFunctions, lambdaBuildOptions } from '../infra/build';

/** The baseline bundle's key in every result. */
export const MINIMAL = 'minimal';

export interface Bundle {
  readonly key: string;
  /** The minified ESM bundle (the `.map` next to it is not counted). */
  readonly file: string;
  readonly bytes: number;
}

export interface ImportSamples {
  /** Time of `await import(bundle)` inside the fresh process (what the brief asks for). */
  readonly importMs: number[];
  /** Spawn to exit of that process (adds Node's own start-up and teardown), for context. */
  readonly processMs: number[];
  /** Set when an import failed; the bundle is then left out of the remaining rounds. */
  error?: string;
}

/**
 * Builds every function with `buildFunctions()` and the minimal handler with the same
 * `lambdaBuildOptions`, into `outDir` (which is wiped first). Minimal bundle first.
 */
export async function buildBundles(outDir: string): Promise<{ bundles: Bundle[]; buildMs: number }> {
  const started = performance.now();
  const functions = await buildFunctions(join(outDir, 'functions'));
  const minimalFile = join(outDir, MINIMAL, 'index.mjs');
  await build(lambdaBuildOptions('bench/minimal-handler.ts', minimalFile));
  const buildMs = performance.now() - started;
  const bundles = [{ key: MINIMAL, file: minimalFile }, ...functions].map(({ key, file }) => ({
    key,
    file,
    bytes: statSync(file).size,
  }));
  return { bundles, buildMs };
}

/**
 * What Lambda would give the functions: region, credentials, every resource name and queue URL
 * (dummy values; nothing is contacted at import), the Powertools settings. Nothing else of this
 * process's environment leaks in (no NODE_OPTIONS, no tsx loader), except PATH.
 */
export function lambdaLikeEnv(): Record<string, string> {
  const region = 'eu-central-1';
  const queueUrl = (name: string): string => `https://sqs.${region}.amazonaws.com/000000000000/${name}`;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    STOCK_TABLE_NAME: 'Stock',
    EXPORTS_TABLE_NAME: 'Exports',
    EXPORT_DETAILS_TABLE_NAME: 'ExportDetails',
    DELTA_QUEUE_URL: queueUrl('delta.fifo'),
    JOBS_QUEUE_URL: queueUrl('jobs.fifo'),
    STOCK_STREAM_FAILURES_QUEUE_URL: queueUrl('stock-stream-failures'),
    EMAIL_SENDER: 'exports@bench.example',
    POWERTOOLS_SERVICE_NAME: 'vehicle-export',
    POWERTOOLS_METRICS_NAMESPACE: 'VehicleExport',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}

const IMPORT_SCRIPT =
  'const t=performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now()-t))';

/** One cold import in a fresh `node` process. */
export async function coldImport(
  file: string,
  env: Record<string, string>,
): Promise<{ importMs: number; processMs: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  const processMs = performance.now() - started;
  const importMs = Number(stdout);
  if (code !== 0 || stdout === '' || !Number.isFinite(importMs)) {
    const reason = stderr.trim().split('\n').slice(0, 6).join(' | ') || `stdout: ${JSON.stringify(stdout)}`;
    throw new Error(`exit ${code}: ${reason}`);
  }
  return { importMs, processMs };
}

/**
 * `runs` cold imports of every bundle, interleaved: each round imports every bundle once, and the
 * order rotates by one bundle per round so no bundle always follows the same neighbour or holds the
 * same position. `warmup` extra rounds go first and are discarded (page cache, CPU frequency).
 */
export async function measureColdImports(
  bundles: readonly Bundle[],
  options: { runs: number; warmup: number; onRound?: (round: number, total: number) => void },
): Promise<Map<string, ImportSamples>> {
  const env = lambdaLikeEnv();
  const results = new Map<string, ImportSamples>(
    bundles.map((b) => [b.key, { importMs: [], processMs: [] }]),
  );
  const total = options.warmup + options.runs;
  for (let round = 0; round < total; round++) {
    const counted = round >= options.warmup;
    for (let i = 0; i < bundles.length; i++) {
      const bundle = bundles[(i + round) % bundles.length];
      if (!bundle) continue;
      const samples = results.get(bundle.key);
      if (!samples || samples.error !== undefined) continue;
      try {
        const { importMs, processMs } = await coldImport(bundle.file, env);
        if (counted) {
          samples.importMs.push(importMs);
          samples.processMs.push(processMs);
        }
      } catch (error) {
        samples.error = error instanceof Error ? error.message : String(error);
      }
    }
    options.onRound?.(round + 1, total);
  }
  return results;
}
