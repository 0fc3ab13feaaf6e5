import { inspect } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/runtime/config';
import { loadPlatformCredentials } from '../../shared/runtime/platform-credentials';

const localEnv = {
  MOBILE_DE_API_URL: 'http://127.0.0.1:4001',
  MOBILE_DE_API_USER: 'provider-local',
  MOBILE_DE_API_PASSWORD: 'md-Secret-1',
  AUTOSCOUT24_API_URL: 'http://127.0.0.1:4002',
  AUTOSCOUT24_API_USER: 'provider@local',
  AUTOSCOUT24_API_PASSWORD: 'as-Secret-2',
};

const noSecrets = () => {
  throw new Error('Secrets Manager must not be asked');
};

describe('platform credentials', () => {
  it('come from the environment locally', async () => {
    const credentials = await loadPlatformCredentials(localEnv, noSecrets);
    expect(credentials.mobileDe).toMatchObject({
      baseUrl: 'http://127.0.0.1:4001',
      user: 'provider-local',
      password: 'md-Secret-1',
    });
    expect(credentials.autoScout24).toMatchObject({
      baseUrl: 'http://127.0.0.1:4002',
      user: 'provider@local',
      password: 'as-Secret-2',
    });
  });

  it('default the base URLs to the production hosts', async () => {
    const { MOBILE_DE_API_URL: _m, AUTOSCOUT24_API_URL: _a, ...env } = localEnv;
    const credentials = await loadPlatformCredentials(env, noSecrets);
    expect(credentials.mobileDe.baseUrl).toBe('https://services.mobile.de');
    expect(credentials.autoScout24.baseUrl).toBe('https://listing-creation.api.autoscout24.com');
  });

  it('fail the cold start naming the missing keys, never a value', async () => {
    const { MOBILE_DE_API_PASSWORD: _p, AUTOSCOUT24_API_USER: _u, ...env } = localEnv;
    const error = await loadPlatformCredentials(env, noSecrets).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'invalid configuration: set PLATFORM_CREDENTIALS_SECRET_ARN, or MOBILE_DE_API_PASSWORD, AUTOSCOUT24_API_USER',
    );
    expect((error as Error).message).not.toContain('Secret');
  });

  it('refuse a base URL that is not a URL', async () => {
    await expect(
      loadPlatformCredentials({ ...localEnv, MOBILE_DE_API_URL: 'services.mobile.de' }, noSecrets),
    ).rejects.toThrow(/MOBILE_DE_API_URL/);
  });

  it('come from the Secrets Manager secret in AWS, read once, over the environment', async () => {
    const secretsManager = mockClient(SecretsManagerClient);
    secretsManager.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        mobileDe: { user: 'md-prod', password: 'md-prod-pw' },
        autoScout24: { user: 'as-prod', password: 'as-prod-pw' },
      }),
    });
    const credentials = await loadPlatformCredentials(
      {
        ...localEnv,
        PLATFORM_CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:1:secret:platform',
      },
      () => new SecretsManagerClient({ region: 'eu-central-1' }),
    );
    expect(credentials.mobileDe).toMatchObject({ user: 'md-prod', password: 'md-prod-pw' });
    expect(credentials.autoScout24).toMatchObject({ user: 'as-prod', password: 'as-prod-pw' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 'arn:aws:secretsmanager:eu-central-1:1:secret:platform',
    });
    secretsManager.restore();
  });

  it.each([
    ['not JSON', 'md-prod-pw is the password', 'the platform credentials secret is not JSON'],
    [
      'lacking a platform',
      JSON.stringify({ mobileDe: { user: 'u', password: 'md-prod-pw' } }),
      'autoScout24',
    ],
  ])('refuse a secret %s without quoting it', async (_, SecretString, expected) => {
    const secretsManager = mockClient(SecretsManagerClient);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString });
    const error = await loadPlatformCredentials(
      { PLATFORM_CREDENTIALS_SECRET_ARN: 'arn:secret' },
      () => new SecretsManagerClient({ region: 'eu-central-1' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).not.toContain('md-prod-pw');
    secretsManager.restore();
  });

  it('keep passwords out of JSON and inspect output', async () => {
    const credentials = await loadPlatformCredentials(localEnv, noSecrets);
    const shown = `${JSON.stringify(credentials)} ${inspect(credentials, { depth: 5 })}`;
    expect(shown).not.toContain('md-Secret-1');
    expect(shown).not.toContain('as-Secret-2');
    expect(shown).toContain('provider-local');
  });
});
