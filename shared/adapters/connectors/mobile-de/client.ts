import type { ProviderAccessState } from '../../../application/exports/ports';
import { parseAnswer, PlatformHttp, type PlatformAccount, type PlatformHttpOptions } from '../platform-http';
import { mobileDeUnavailable } from './errors';
import { MobileDeSellersSchema, type MobileDeSeller } from './schemas';

/** The Seller-API's media type, required in `Accept` (platforms.md §1.3). */
export const MOBILE_DE_MEDIA_TYPE = 'application/vnd.de.mobile.api+json';

/** The mobile.de Seller-API with our data service provider account (README.md beside this file). */
export class MobileDeClient {
  private readonly http: PlatformHttp;

  constructor(account: PlatformAccount, options: PlatformHttpOptions = {}) {
    this.http = new PlatformHttp('mobile.de', account, options);
  }

  /** `GET /seller-api/sellers`: the sellers that registered our API user (platforms.md §1.4 #1). */
  async listSellers(): Promise<readonly MobileDeSeller[]> {
    const answer = await this.http.request('GET', '/seller-api/sellers', { accept: MOBILE_DE_MEDIA_TYPE });
    if (answer.status !== 200) throw mobileDeUnavailable(answer);
    return parseAnswer('mobile.de', MobileDeSellersSchema, answer).sellers;
  }

  /** 'linked' when the seller registered us as Datendienstleister (platforms.md §1.2). */
  async verifyAccess(mobileSellerId: string): Promise<ProviderAccessState> {
    const sellers = await this.listSellers();
    return sellers.some((seller) => seller.mobileSellerId === mobileSellerId) ? 'linked' : 'missing';
  }
}
