import { PlatformUnavailableError, PreconditionFailedError } from '../../domain/errors';
import type { ExportApp } from '../../domain/export-app';
import { accountIdOf, providerRegistrationOf } from '../../domain/provider-registration';
import type { ExportsDeps } from './exports-deps';
import type { ProviderAccessState } from './ports';

/**
 * For API apps: the platform must list us as data service provider for the dealer's account
 * (PRODUCT.md §3), else 424 DATA_SERVICE_PROVIDER_MISSING saying where to register us. When the
 * platform cannot be asked, PlatformUnavailableError (502) goes up. An account id equal to
 * `previous` (unchanged on a settings update) is not asked again.
 */
export async function verifyProviderRegistration(
  deps: Pick<ExportsDeps, 'providerAccess' | 'logger'>,
  context: { readonly dealerId: string; readonly app: ExportApp },
  settings: Record<string, unknown>,
  previous?: Record<string, unknown>,
): Promise<void> {
  const registration = providerRegistrationOf(context.app);
  if (!registration) return;
  const accountId = accountIdOf(registration, settings);
  if (previous?.[registration.accountSetting] === accountId) return;

  let access: ProviderAccessState;
  try {
    access = await deps.providerAccess.verifyAccess(registration.platform, accountId);
  } catch (error) {
    if (error instanceof PlatformUnavailableError) {
      deps.logger.warn('platform could not be asked for the provider registration', {
        dealerId: context.dealerId,
        appId: context.app.appId,
        platform: registration.platform,
        reason: error.message,
      });
    }
    throw error;
  }
  if (access === 'missing') {
    throw new PreconditionFailedError('DATA_SERVICE_PROVIDER_MISSING', registration.missingDetail(accountId));
  }
}
