import * as z from 'zod';

/**
 * What the emulated AutoScout24 listing API (LCA-NG) knows: data-provider credentials and which
 * customers (dealers) authorised which provider (platforms.md §3.1). A customer that exists but has
 * not authorised the caller answers 403; one that does not exist, 404 (§3.4). Listings and images
 * live in listings.ts.
 */
export const ProviderUserSchema = z.strictObject({
  user: z.string().min(1),
  password: z.string().min(1),
  /** false: the credentials exist but are not enabled for the API (403). */
  enabled: z.boolean().default(true),
});
export type ProviderUser = z.infer<typeof ProviderUserSchema>;
export type ProviderUserInput = z.input<typeof ProviderUserSchema>;

/** A customer of `GET /customers` (platforms.md §3.1, C-HELVARO fixture). */
export interface Customer {
  readonly id: string;
  readonly sellId: string;
  readonly companyName: string;
  readonly externalId: string | null;
  readonly canSetMiaRequestedTier: boolean;
  readonly canUseSellOnline: boolean;
}

/** A pre-existing listing for `POST /_emulator/customers/{id}/listings`: any listing fields (§3.3), kept as sent. */
export const SeededListingSchema = z.record(z.string(), z.unknown());

export const CustomerAuthorisationSchema = z.strictObject({
  id: z.string().regex(/^\d{1,20}$/),
  sellId: z.string().min(1).optional(),
  companyName: z.string().min(1).optional(),
  /** The data provider the dealer authorises; the first user when absent. */
  apiUser: z.string().min(1).optional(),
});
export type CustomerAuthorisation = z.input<typeof CustomerAuthorisationSchema>;

export interface AutoScout24Snapshot {
  readonly users: readonly { user: string; enabled: boolean }[];
  readonly customers: readonly (Customer & { authorised: readonly string[] })[];
}

export class AutoScout24State {
  private users = new Map<string, ProviderUser>();
  private customers = new Map<string, Customer>();
  /** Customer id → the provider users it authorised. */
  private authorisations = new Map<string, Set<string>>();

  constructor(
    private readonly initialUsers: readonly ProviderUser[],
    private readonly initialCustomers: readonly CustomerAuthorisation[],
  ) {
    if (initialUsers.length === 0)
      throw new Error('the AutoScout24 emulator needs at least one provider user');
    this.reset();
  }

  reset(): void {
    this.users = new Map(this.initialUsers.map((user) => [user.user, user]));
    this.customers = new Map();
    this.authorisations = new Map();
    for (const customer of this.initialCustomers) this.authorise(customer);
  }

  user(name: string): ProviderUser | undefined {
    return this.users.get(name);
  }

  addUser(user: ProviderUser): void {
    this.users.set(user.user, user);
  }

  /** The dealer picks the provider as data partner in the dealer area (creating the customer if new). */
  authorise(input: CustomerAuthorisation): Customer {
    const authorisation = CustomerAuthorisationSchema.parse(input);
    const apiUser = authorisation.apiUser ?? this.initialUsers[0]!.user;
    if (!this.users.has(apiUser)) throw new Error(`unknown provider user ${apiUser}`);
    const known = this.customers.get(authorisation.id);
    const customer: Customer = {
      id: authorisation.id,
      sellId: authorisation.sellId ?? known?.sellId ?? authorisation.id.slice(-4),
      companyName: authorisation.companyName ?? known?.companyName ?? `Autohaus ${authorisation.id}`,
      externalId: null,
      canSetMiaRequestedTier: false,
      canUseSellOnline: true,
    };
    this.customers.set(customer.id, customer);
    const providers = this.authorisations.get(customer.id) ?? new Set<string>();
    providers.add(apiUser);
    this.authorisations.set(customer.id, providers);
    return customer;
  }

  /** The dealer withdraws the mandate; the customer stays known. False when there was none. */
  revoke(customerId: string, apiUser = this.initialUsers[0]!.user): boolean {
    return this.authorisations.get(customerId)?.delete(apiUser) ?? false;
  }

  customer(customerId: string): Customer | undefined {
    return this.customers.get(customerId);
  }

  isAuthorised(customerId: string, apiUser: string): boolean {
    return this.authorisations.get(customerId)?.has(apiUser) ?? false;
  }

  customersOf(apiUser: string): readonly Customer[] {
    return [...this.customers.values()].filter((customer) => this.isAuthorised(customer.id, apiUser));
  }

  snapshot(): AutoScout24Snapshot {
    return {
      users: [...this.users.values()].map(({ user, enabled }) => ({ user, enabled })),
      customers: [...this.customers.values()].map((customer) => ({
        ...customer,
        authorised: [...(this.authorisations.get(customer.id) ?? [])],
      })),
    };
  }
}
