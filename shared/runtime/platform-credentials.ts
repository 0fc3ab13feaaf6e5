import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { PlatformAccount } from '../adapters/connectors/platform-http';
import { tracedClient } from './aws-clients';
import { ConfigError, loadConfig } from './config';

/** Our own accounts as data service provider. Never from dealer settings, never logged. */
export interface PlatformCredentials {
  readonly mobileDe: PlatformAccount;
  readonly autoScout24: PlatformAccount;
}

const Login = z.object({ user: z.string().min(1), password: z.string().min(1) });
/** The Secrets Manager secret's JSON (infra/aws/stateful-stack.ts describes the same shape). */
const SecretSchema = z.object({ mobileDe: Login, autoScout24: Login });
type Logins = z.infer<typeof SecretSchema>;

const EnvShape = {
  /** AWS: user and password come from this secret, read once at cold start. */
  PLATFORM_CREDENTIALS_SECRET_ARN: z.string().min(1).optional(),
  MOBILE_DE_API_URL: z.url().default('https://services.mobile.de'),
  AUTOSCOUT24_API_URL: z.url().default('https://listing-creation.api.autoscout24.com'),
  /** Local stack and tests: user and password from the environment. */
  MOBILE_DE_API_USER: z.string().min(1).optional(),
  MOBILE_DE_API_PASSWORD: z.string().min(1).optional(),
  AUTOSCOUT24_API_USER: z.string().min(1).optional(),
  AUTOSCOUT24_API_PASSWORD: z.string().min(1).optional(),
};

let loaded: Promise<PlatformCredentials> | undefined;

/** For composition roots: `await platformCredentials()` at module scope (once per cold start). */
export function platformCredentials(): Promise<PlatformCredentials> {
  loaded ??= loadPlatformCredentials();
  return loaded;
}

/**
 * Base URLs from MOBILE_DE_API_URL / AUTOSCOUT24_API_URL (production hosts when unset); user and
 * password from the secret when PLATFORM_CREDENTIALS_SECRET_ARN is set, else from the
 * *_API_USER / *_API_PASSWORD variables. A missing value fails the cold start naming the keys,
 * never the values.
 */
export async function loadPlatformCredentials(
  env?: Record<string, string | undefined>,
  secrets: () => Pick<SecretsManagerClient, 'send'> = () => tracedClient(new SecretsManagerClient({})),
): Promise<PlatformCredentials> {
  const config = loadConfig(EnvShape, env);
  const logins = config.PLATFORM_CREDENTIALS_SECRET_ARN
    ? await readSecret(secrets(), config.PLATFORM_CREDENTIALS_SECRET_ARN)
    : loginsFromEnv(config);
  return {
    mobileDe: account(config.MOBILE_DE_API_URL, logins.mobileDe),
    autoScout24: account(config.AUTOSCOUT24_API_URL, logins.autoScout24),
  };
}

async function readSecret(client: Pick<SecretsManagerClient, 'send'>, secretId: string): Promise<Logins> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? '');
  } catch {
    // JSON.parse quotes the text it failed on: never let that reach a log.
    throw new ConfigError('invalid configuration: the platform credentials secret is not JSON');
  }
  const parsed = SecretSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`invalid configuration: platform credentials secret ${issues(parsed.error)}`);
  return parsed.data;
}

function loginsFromEnv(config: z.infer<z.ZodObject<typeof EnvShape>>): Logins {
  const parsed = SecretSchema.safeParse({
    mobileDe: { user: config.MOBILE_DE_API_USER, password: config.MOBILE_DE_API_PASSWORD },
    autoScout24: { user: config.AUTOSCOUT24_API_USER, password: config.AUTOSCOUT24_API_PASSWORD },
  });
  if (parsed.success) return parsed.data;
  const names: Record<string, string> = {
    'mobileDe.user': 'MOBILE_DE_API_USER',
    'mobileDe.password': 'MOBILE_DE_API_PASSWORD',
    'autoScout24.user': 'AUTOSCOUT24_API_USER',
    'autoScout24.password': 'AUTOSCOUT24_API_PASSWORD',
  };
  const missing = parsed.error.issues.map((issue) => names[issue.path.join('.')] ?? issue.path.join('.'));
  throw new ConfigError(
    `invalid configuration: set PLATFORM_CREDENTIALS_SECRET_ARN, or ${missing.join(', ')}`,
  );
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/** The account; its password stays out of JSON and util.inspect output (loggers use both). */
function account(baseUrl: string, login: { user: string; password: string }): PlatformAccount {
  const visible = { baseUrl, user: login.user, password: '********' };
  return Object.freeze({
    baseUrl,
    user: login.user,
    password: login.password,
    toJSON: () => visible,
    [Symbol.for('nodejs.util.inspect.custom')]: () => visible,
  });
}
