import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The dependency rule of ARCHITECTURE.md, checked on the import statements of every file. */
const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (match) => match[1]!,
  );
}

/** True when a relative import of `file` resolves into one of `dirs` (subfolders included). */
function within(file: string, name: string, dirs: readonly string[]): boolean {
  if (!name.startsWith('./') && !name.startsWith('../')) return false;
  const target = join(dirname(file), name).split(sep).join('/');
  return dirs.some((dir) => target.startsWith(`${dir}/`));
}

const platformPackages = /^(@aws-sdk\/|@middy\/|@aws-lambda-powertools\/|aws-lambda$|aws-cdk-lib|constructs)/;

describe('architecture', () => {
  const core = [
    ...sourceFiles('shared/domain'),
    ...sourceFiles('shared/application'),
    ...sourceFiles('shared/contract'),
  ];

  it('has a core to check', () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it.each(core)('%s knows nothing of AWS, middy, Powertools or the environment', (file) => {
    expect(importsOf(file).filter((name) => platformPackages.test(name))).toEqual([]);
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/process\.env/);
  });

  it.each(sourceFiles('shared/domain'))('%s imports only the domain, zod and node built-ins', (file) => {
    const outside = importsOf(file).filter(
      (name) => !within(file, name, ['shared/domain']) && name !== 'zod' && !name.startsWith('node:'),
    );
    expect(outside).toEqual([]);
  });

  it.each(sourceFiles('shared/application'))('%s imports only the domain and its own ports', (file) => {
    const outside = importsOf(file).filter(
      (name) => !within(file, name, ['shared/domain', 'shared/application']),
    );
    expect(outside).toEqual([]);
  });

  it.each(sourceFiles('infra'))('%s imports no business code', (file) => {
    expect(importsOf(file).filter((name) => /(^|\/)(shared|functions)\//.test(name))).toEqual([]);
  });

  it.each([...sourceFiles('shared'), ...sourceFiles('functions')])(
    '%s reads the environment only through config',
    (file) => {
      if (file === 'shared/runtime/config.ts') return;
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      expect(
        lines.filter(
          (line) =>
            line.includes('process.env') && !line.trim().startsWith('//') && !line.trim().startsWith('*'),
        ),
      ).toEqual([]);
    },
  );
});
