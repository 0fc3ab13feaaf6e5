import type { ProviderAccess, ProviderAccessState } from '../../application/exports/ports';
import type { ApiPlatform } from '../../domain/provider-registration';

/** What each connector offers for the activation check (MobileDeClient, AutoScout24Client). */
export interface AccessVerifier {
  verifyAccess(accountId: string): Promise<ProviderAccessState>;
}

/**
 * The ProviderAccess port over one connector per API platform. The record type makes a platform
 * without a connector a compile error, not a runtime surprise.
 */
export class PlatformProviderAccess implements ProviderAccess {
  constructor(private readonly verifiers: Readonly<Record<ApiPlatform, AccessVerifier>>) {}

  verifyAccess(platform: ApiPlatform, accountId: string): Promise<ProviderAccessState> {
    return this.verifiers[platform].verifyAccess(accountId);
  }
}
