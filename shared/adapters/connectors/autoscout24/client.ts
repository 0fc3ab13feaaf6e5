import type { ProviderAccessState } from '../../../application/exports/ports';
import { parseAnswer, PlatformHttp, type PlatformAccount, type PlatformHttpOptions } from '../platform-http';
import { autoScout24Unavailable } from './errors';
import { AutoScout24CustomersSchema, type AutoScout24Customer } from './schemas';

/** The AutoScout24 Listing Creation API (LCA-NG) with our data-provider account (README.md here). */
export class AutoScout24Client {
  private readonly http: PlatformHttp;

  constructor(account: PlatformAccount, options: PlatformHttpOptions = {}) {
    this.http = new PlatformHttp('AutoScout24', account, options);
  }

  /** `GET /customers`: the customers that authorised us as data provider (platforms.md §3.1). */
  async listCustomers(): Promise<readonly AutoScout24Customer[]> {
    const answer = await this.http.request('GET', '/customers', { accept: 'application/json' });
    if (answer.status !== 200) throw autoScout24Unavailable(answer);
    return parseAnswer('AutoScout24', AutoScout24CustomersSchema, answer).customers;
  }

  /** 'linked' when the customer id is among them (the `id`, not the dealer-visible `sellId`). */
  async verifyAccess(customerId: string): Promise<ProviderAccessState> {
    const customers = await this.listCustomers();
    return customers.some((customer) => customer.id === customerId) ? 'linked' : 'missing';
  }
}
