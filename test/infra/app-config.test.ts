import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readAppConfig } from '../../infra/aws/constructs/app-config';
import { addVehicleExportStacks } from '../../infra/aws/constructs/vehicle-export-stacks';

const configOf = (context: Record<string, unknown>, environment: NodeJS.ProcessEnv = {}) =>
  readAppConfig(new App({ context }).node, environment);

describe('readAppConfig', () => {
  it('has offline defaults: stage dev, example sender, Cognito, no account or region', () => {
    expect(configOf({})).toEqual({
      stage: 'dev',
      env: { account: undefined, region: undefined },
      emailSender: 'exports@example.com',
      emailIdentity: 'example.com',
      jwt: undefined,
    });
  });

  it('takes the environment the CDK CLI resolved', () => {
    const config = configOf({}, { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-central-1' });
    expect(config.env).toEqual({ account: '123456789012', region: 'eu-central-1' });
  });

  it('sends from the domain identity of the sender unless an identity is given', () => {
    expect(configOf({ emailSender: 'locks@dealer-tools.example' }).emailIdentity).toBe(
      'dealer-tools.example',
    );
    expect(
      configOf({ emailSender: 'locks@dealer-tools.example', emailIdentity: 'locks@dealer-tools.example' })
        .emailIdentity,
    ).toBe('locks@dealer-tools.example');
  });

  it('uses an external issuer with one or more comma-separated audiences', () => {
    expect(configOf({ jwtIssuer: 'https://login.example', jwtAudience: 'api, web' }).jwt).toEqual({
      issuer: 'https://login.example',
      audience: ['api', 'web'],
    });
  });

  it.each([
    [{ jwtIssuer: 'https://login.example' }, /jwtIssuer and jwtAudience/],
    [{ jwtAudience: 'api' }, /jwtIssuer and jwtAudience/],
    [{ stage: 'Prod_1' }, /context stage/],
    [{ emailSender: 'example.com' }, /emailSender/],
    [{ stage: 42 }, /stage must be a string/],
  ])('rejects %o', (context, message) => {
    expect(() => configOf(context)).toThrow(message);
  });
});

describe('addVehicleExportStacks', () => {
  it('names the stacks after the stage and trusts the Cognito pool it creates', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { stateful, service } = addVehicleExportStacks(app, readAppConfig(app.node, {}));
    expect([stateful.stackName, service.stackName]).toEqual([
      'VehicleExport-dev-Stateful',
      'VehicleExport-dev-Service',
    ]);
    const users = stateful.dealerUsers!;
    expect(Stack.of(service).resolve(service.httpApi.auth)).toEqual(
      Stack.of(service).resolve({ issuer: users.issuer, audience: [users.client.userPoolClientId] }),
    );
  });
});
