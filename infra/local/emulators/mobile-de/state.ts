import * as z from 'zod';

/**
 * What the emulated mobile.de knows: API users (a data service provider's Seller-API account) and
 * which sellers registered which user as their Datendienstleister (platforms.md §1.2). Ads,
 * insertion ids and images live in ad-store.ts.
 */
export const ApiUserSchema = z.strictObject({
  user: z.string().min(1),
  password: z.string().min(1),
  /** false: the user exists but has no Seller-API permission (403). */
  sellerApi: z.boolean().default(true),
});
export type ApiUser = z.infer<typeof ApiUserSchema>;
export type ApiUserInput = z.input<typeof ApiUserSchema>;

/** The Seller object of `GET /seller-api/sellers` (platforms.md §1.5, C-HELVARO fixture). */
export interface Seller {
  readonly mobileSellerId: string;
  readonly customerNumber: string;
  readonly type: 'DEALER';
  readonly siteId: 'GERMANY';
  readonly readonly: boolean;
  readonly companyName: string;
}

export const SellerLinkSchema = z.strictObject({
  mobileSellerId: z.string().regex(/^\d{1,20}$/),
  customerNumber: z.string().min(1).optional(),
  companyName: z.string().min(1).optional(),
  /** The API user the seller registers as Datendienstleister; the first user when absent. */
  apiUser: z.string().min(1).optional(),
});
export type SellerLink = z.input<typeof SellerLinkSchema>;

/** A pre-existing ad for `POST /_emulator/sellers/{id}/ads`: any Ad fields (§1.5), kept as sent. */
export const SeededAdSchema = z.record(z.string(), z.unknown());

export interface MobileDeSnapshot {
  readonly users: readonly { user: string; sellerApi: boolean }[];
  readonly links: readonly { apiUser: string; sellers: readonly Seller[] }[];
}

export class MobileDeState {
  private users = new Map<string, ApiUser>();
  /** API user → sellers linked to it, by mobileSellerId. */
  private links = new Map<string, Map<string, Seller>>();

  constructor(
    private readonly initialUsers: readonly ApiUser[],
    private readonly initialLinks: readonly SellerLink[],
  ) {
    if (initialUsers.length === 0) throw new Error('the mobile.de emulator needs at least one API user');
    this.reset();
  }

  /** Back to the state the emulator started with. */
  reset(): void {
    this.users = new Map(this.initialUsers.map((user) => [user.user, user]));
    this.links = new Map();
    for (const link of this.initialLinks) this.link(link);
  }

  user(name: string): ApiUser | undefined {
    return this.users.get(name);
  }

  addUser(user: ApiUser): void {
    this.users.set(user.user, user);
  }

  /** The dealer enters the API user as Datendienstleister in the Händlerbereich. */
  link(input: SellerLink): Seller {
    const link = SellerLinkSchema.parse(input);
    const apiUser = link.apiUser ?? this.initialUsers[0]!.user;
    if (!this.users.has(apiUser)) throw new Error(`unknown API user ${apiUser}`);
    const seller: Seller = {
      mobileSellerId: link.mobileSellerId,
      customerNumber: link.customerNumber ?? `K${link.mobileSellerId}`,
      type: 'DEALER',
      siteId: 'GERMANY',
      readonly: false,
      companyName: link.companyName ?? `Autohaus ${link.mobileSellerId}`,
    };
    const sellers = this.links.get(apiUser) ?? new Map<string, Seller>();
    sellers.set(seller.mobileSellerId, seller);
    this.links.set(apiUser, sellers);
    return seller;
  }

  /** The dealer removes the Datendienstleister again; false when it was not linked. */
  unlink(mobileSellerId: string, apiUser = this.initialUsers[0]!.user): boolean {
    return this.links.get(apiUser)?.delete(mobileSellerId) ?? false;
  }

  sellersOf(apiUser: string): readonly Seller[] {
    return [...(this.links.get(apiUser)?.values() ?? [])];
  }

  linkedSeller(apiUser: string, mobileSellerId: string): Seller | undefined {
    return this.links.get(apiUser)?.get(mobileSellerId);
  }

  /** For the human page and tests; passwords are never part of it. */
  snapshot(): MobileDeSnapshot {
    return {
      users: [...this.users.values()].map(({ user, sellerApi }) => ({ user, sellerApi })),
      links: [...this.links.entries()].map(([apiUser, sellers]) => ({
        apiUser,
        sellers: [...sellers.values()],
      })),
    };
  }
}
