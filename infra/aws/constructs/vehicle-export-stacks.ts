import { Tags, type App } from 'aws-cdk-lib';
import { ServiceStack } from '../service-stack';
import { StatefulStack } from '../stateful-stack';
import type { AppConfig } from './app-config';

export interface VehicleExportStacks {
  readonly stateful: StatefulStack;
  readonly service: ServiceStack;
}

/** Both stacks of one stage, wired together; `app.ts` and the infra tests build exactly this. */
export function addVehicleExportStacks(app: App, config: AppConfig): VehicleExportStacks {
  const prefix = `VehicleExport-${config.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env: config.env,
    description: 'Vehicle export: tables, queues, keys and users (retained on delete)',
    createUserPool: !config.jwt,
  });
  const users = stateful.dealerUsers;
  const auth = config.jwt ?? (users && { issuer: users.issuer, audience: [users.client.userPoolClientId] });
  if (!auth) throw new Error('no JWT issuer: neither configured nor a user pool created');

  const service = new ServiceStack(app, `${prefix}-Service`, {
    env: config.env,
    description: 'Vehicle export: functions, triggers, HTTP API and alarms',
    tables: stateful.tables,
    queues: stateful.queues,
    deadLetterQueues: stateful.deadLetterQueues,
    auth,
    dealerSecretsKey: stateful.dealerSecretsKey,
    platformCredentials: stateful.platformCredentials,
    email: { sender: config.emailSender, identity: config.emailIdentity },
    apiName: `vehicle-export-${config.stage}`,
  });

  for (const stack of [stateful, service]) {
    Tags.of(stack).add('project', 'vehicle-export');
    Tags.of(stack).add('stage', config.stage);
  }
  return { stateful, service };
}
