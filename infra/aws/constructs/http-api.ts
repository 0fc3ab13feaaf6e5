import { CfnOutput, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../topology';

/** Where the JWT authorizer gets its trust from: Cognito by default, or any OIDC issuer. */
export interface JwtAuthConfig {
  readonly issuer: string;
  readonly audience: readonly string[];
}

export interface TopologyHttpApiProps {
  readonly apiName: string;
  readonly auth: JwtAuthConfig;
  /** Every route of the topology with the function that serves it. */
  readonly routes: readonly (HttpRoute & { readonly handler: IFunction; readonly functionKey: string })[];
  /** Stage-wide throttling; requests above it get 429 before any Lambda runs. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The HTTP API: routes from the topology, JWT authorizer, access log, throttled `$default` stage. */
export class TopologyHttpApi extends Construct {
  readonly api: HttpApi;
  /** The issuer and audiences every `jwt` route trusts. */
  readonly auth: JwtAuthConfig;

  constructor(scope: Construct, id: string, props: TopologyHttpApiProps) {
    super(scope, id);
    this.auth = props.auth;
    // The default stage of HttpApi takes no access log or throttle settings, so the stage is explicit.
    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    });

    const jwt = new HttpJwtAuthorizer('DealerJwt', props.auth.issuer, {
      jwtAudience: [...props.auth.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.functionKey);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.functionKey}Integration`, route.handler);
        integrations.set(route.functionKey, integration);
      }
      const authorizer: IHttpRouteAuthorizer = route.auth === 'jwt' ? jwt : new HttpNoneAuthorizer();
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer,
      });
      if (route.auth === 'none' && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (topology auth: 'none', API.md "Public").`,
        });
      }
    }

    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint });
  }
}

/** JSON access log with the HTTP API's own context variables (no headers, bodies or tokens). */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationStatus: '$context.integrationStatus',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
    }),
  );
}
