import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/** What differs between deployments, read from CDK context (`-c key=value` or cdk.json). */
export interface AppConfig {
  /** Part of every stack name: several stages can live in one account. */
  readonly stage: string;
  readonly env: Environment;
  /** From address of every e-mail (lock notices). */
  readonly emailSender: string;
  /** The verified SES identity the sender belongs to: the sender's domain unless `emailIdentity` says otherwise. */
  readonly emailIdentity: string;
  /** External OIDC issuer for the HTTP API; absent means a Cognito user pool is created. */
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
}

/**
 * Context with offline defaults: `cdk synth` works without credentials or flags. Bad values fail
 * here, with the key named, rather than as a broken deployment.
 */
export function readAppConfig(node: Node, environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const stage = stringContext(node, 'stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`context stage "${stage}": lowercase letters, digits and dashes, at most 20`);
  }
  const emailSender = stringContext(node, 'emailSender') ?? 'exports@example.com';
  const senderDomain = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(emailSender)?.[1];
  if (!senderDomain) throw new Error(`context emailSender "${emailSender}" is not an e-mail address`);

  const issuer = stringContext(node, 'jwtIssuer');
  const audience = stringContext(node, 'jwtAudience')
    ?.split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  // Half a configuration is a mistake, not a request for Cognito.
  if (Boolean(issuer) !== Boolean(audience?.length)) {
    throw new Error('context jwtIssuer and jwtAudience are given together or not at all');
  }

  return {
    stage,
    // Unset members leave the stacks environment-agnostic, so synth needs no AWS account.
    env: { account: environment.CDK_DEFAULT_ACCOUNT, region: environment.CDK_DEFAULT_REGION },
    emailSender,
    emailIdentity: stringContext(node, 'emailIdentity') ?? senderDomain,
    jwt: issuer && audience?.length ? { issuer, audience } : undefined,
  };
}

function stringContext(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}
