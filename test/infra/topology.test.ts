import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppConfig } from '../../infra/aws/constructs/app-config';
import { addVehicleExportStacks } from '../../infra/aws/constructs/vehicle-export-stacks';
import { awsInventory, type AwsInventory } from '../../infra/aws/inventory';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { silentLog } from '../../infra/local/log';
import { functionList, httpRoutes } from '../../infra/topology';

const rootDir = join(import.meta.dirname, '../..');

/**
 * The one topology, two runtimes: what the CDK template deploys and what the local stack runs must
 * be the same routes, queues (with dead-letter queues), streams and schedules.
 */
describe('topology: AWS and the local stack agree', () => {
  let local: LocalStack;
  let aws: AwsInventory;

  beforeAll(async () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = addVehicleExportStacks(app, readAppConfig(app.node, {}));
    aws = awsInventory(
      Template.fromStack(stacks.stateful).toJSON(),
      Template.fromStack(stacks.service).toJSON(),
    );
    local = await startLocalStack({
      rootDir,
      port: 0,
      jwtSecret: 'topology-test',
      region: 'eu-central-1',
      seedDemoData: false,
      runSchedules: false,
      log: silentLog,
    });
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
  });

  const sorted = (values: readonly string[]) => [...values].sort();

  it.each(['routes', 'queues', 'streams', 'schedules'] as const)('exposes the same %s', (kind) => {
    expect(sorted(local.inventory[kind])).toEqual(sorted(aws[kind]));
    expect(aws[kind].length).toBeGreaterThan(0);
  });

  it('serves every route the topology declares', () => {
    expect(sorted(aws.routes)).toEqual(sorted(httpRoutes().map((route) => `${route.method} ${route.path}`)));
  });

  it.each(functionList.map((fn) => [fn.key, fn.entry] as const))(
    '%s (%s) exports a handler',
    async (_, entry) => {
      // The local stack has set the environment the modules read at init.
      const module = (await import(pathToFileURL(resolve(rootDir, entry)).href)) as { handler?: unknown };
      expect(typeof module.handler).toBe('function');
    },
  );
});
