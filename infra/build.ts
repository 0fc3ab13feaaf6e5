import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { bundlingOptions } from './aws/service-function';
import { functionList } from './topology';

/**
 * `npm run build`: bundles every function exactly as CDK's NodejsFunction does for Lambda (the
 * same options object), into dist/<function>/index.mjs. The benchmark measures these bundles.
 */
export const rootDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The esbuild options equivalent to the CDK bundling options. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [resolve(rootDir, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundlingOptions.target,
    minify: bundlingOptions.minify,
    sourcemap: bundlingOptions.sourceMap,
    sourcesContent: bundlingOptions.sourcesContent,
    mainFields: [...bundlingOptions.mainFields],
    banner: { js: bundlingOptions.banner },
    external: [...bundlingOptions.externalModules],
    metafile: true,
    logLevel: 'warning',
  };
}

export async function buildFunctions(
  outDir = join(rootDir, 'dist'),
): Promise<{ key: string; file: string }[]> {
  rmSync(outDir, { recursive: true, force: true });
  const built: { key: string; file: string }[] = [];
  for (const fn of functionList) {
    const file = join(outDir, fn.key, 'index.mjs');
    await build(lambdaBuildOptions(fn.entry, file));
    built.push({ key: fn.key, file });
  }
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildFunctions();
  for (const { key, file } of built) console.log(`${key.padEnd(16)} ${file}`);
}
