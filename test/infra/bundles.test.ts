import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppConfig } from '../../infra/aws/constructs/app-config';
import { addVehicleExportStacks } from '../../infra/aws/constructs/vehicle-export-stacks';
import { functionList, type FunctionKey } from '../../infra/topology';

/**
 * The code Lambda would run: each function bundled by CDK's NodejsFunction exactly as `cdk synth`
 * does, then read back. `index.handler` only works if the bundle exports `handler`.
 */
const outdir = mkdtempSync(join(tmpdir(), 'cdk-bundles-'));
const assetDirs = new Map<FunctionKey, string>();

beforeAll(() => {
  const app = new App({ outdir });
  const { service } = addVehicleExportStacks(app, readAppConfig(app.node, {}));
  const template = app.synth().getStackByName(service.stackName).template as {
    Resources: Record<string, { Properties: { Code?: { S3Key?: string } } }>;
  };
  for (const fn of functionList) {
    const cfn = service.functions[fn.key].function.node.defaultChild as CfnElement;
    const s3Key = template.Resources[service.getLogicalId(cfn)]?.Properties.Code?.S3Key;
    if (!s3Key) throw new Error(`no code asset for ${fn.key}`);
    assetDirs.set(fn.key, join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`));
  }
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Exports and external imports of a bundle, as esbuild reads them. */
async function shapeOf(file: string): Promise<{ exports: string[]; externals: string[] }> {
  const result = await build({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'out',
  });
  const [output] = Object.values(result.metafile.outputs);
  return { exports: output!.exports, externals: output!.imports.map((entry) => entry.path) };
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe.each(functionList.map((fn) => [fn.key] as const))('%s bundle', (key) => {
  const file = () => join(assetDirs.get(key)!, 'index.mjs');

  it('is index.mjs with its source map and exports handler', async () => {
    expect(existsSync(file())).toBe(true);
    expect(existsSync(`${file()}.map`)).toBe(true);
    expect((await shapeOf(file())).exports).toContain('handler');
  });

  it('imports nothing but Node.js built-ins: the AWS SDK and every dependency are inside', async () => {
    expect((await shapeOf(file())).externals.filter((path) => !nodeBuiltins.has(path))).toEqual([]);
  });

  it('starts with the createRequire banner that lets CommonJS dependencies run as ESM', () => {
    expect(readFileSync(file(), 'utf8')).toMatch(
      /^import \{ createRequire \} from 'module'; const require = createRequire\(import\.meta\.url\);/,
    );
  });
});
