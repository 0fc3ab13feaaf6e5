import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { TopologyHttpApi } from '../../infra/aws/constructs/http-api';

/**
 * The topology has no `jwt` route yet, so the authorizer is checked here on routes of both kinds.
 * The Cognito default is checked through the wiring of the real stacks below.
 */
function apiWith(
  routes: { method: 'GET' | 'PUT'; path: string; auth: 'jwt' | 'none'; functionKey: string }[],
) {
  const app = new App();
  const stack = new Stack(app, 'Api');
  const handlers = new Map<string, LambdaFunction>();
  const handler = (key: string): LambdaFunction => {
    const existing = handlers.get(key);
    if (existing) return existing;
    const created = new LambdaFunction(stack, key, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
    });
    handlers.set(key, created);
    return created;
  };
  new TopologyHttpApi(stack, 'Http', {
    apiName: 'test',
    auth: { issuer: 'https://issuer.example', audience: ['vehicle-export', 'web'] },
    routes: routes.map((route) => ({ ...route, handler: handler(route.functionKey) })),
  });
  return { stack, template: Template.fromStack(stack) };
}

describe('TopologyHttpApi', () => {
  const { stack, template } = apiWith([
    { method: 'GET', path: '/v1/settings', auth: 'jwt', functionKey: 'settings' },
    { method: 'PUT', path: '/v1/settings', auth: 'jwt', functionKey: 'settings' },
    { method: 'GET', path: '/health', auth: 'none', functionKey: 'health' },
  ]);

  it('verifies JWTs of the configured issuer and audiences from the Authorization header', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['vehicle-export', 'web'] },
    });
  });

  it('puts the authorizer on jwt routes only', () => {
    const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties as { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown },
    );
    expect(
      routes
        .map(({ RouteKey, AuthorizationType, AuthorizerId }) => ({
          RouteKey,
          AuthorizationType,
          AuthorizerId,
        }))
        .sort((a, b) => a.RouteKey.localeCompare(b.RouteKey)),
    ).toEqual([
      { RouteKey: 'GET /health', AuthorizationType: 'NONE', AuthorizerId: undefined },
      { RouteKey: 'GET /v1/settings', AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } },
      { RouteKey: 'PUT /v1/settings', AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } },
    ]);
  });

  it('integrates each function once, however many routes it serves', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
  });

  it('acknowledges missing authorization (AwsSolutions-APIG4) on the public route only', () => {
    // stacks.test.ts runs cdk-nag itself; here: the acknowledgment cannot spread to jwt routes.
    const acknowledged = stack.node
      .findAll()
      .filter((construct) =>
        construct.node.metadata.some(
          (entry) =>
            entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
            Object.keys(entry.data as object).some((id) => id.endsWith('AwsSolutions-APIG4')),
        ),
      )
      .map((construct) => construct.node.path);
    expect(acknowledged).toEqual(['Api/Http/Api/GET--health']);
  });
});
