import { Faults, type FaultSettings, type FaultSettingsInput } from '../kit/faults';
import { RequestLog, type LoggedRequest } from '../kit/request-log';
import { startEmulatorServer } from '../kit/server';
import { authenticate } from './auth';
import { autoScout24ControlRoutes } from './control';
import { ListingStore, type StoredListing } from './listings';
import { AUTOSCOUT24_MEDIA_TYPE, faultAnswer, type ErrorShape } from './responses';
import { listingApiRoutes, unknownResource } from './routes';
import {
  AutoScout24State,
  ProviderUserSchema,
  type AutoScout24Snapshot,
  type Customer,
  type CustomerAuthorisation,
  type ProviderUserInput,
} from './state';

export interface AutoScout24EmulatorOptions {
  /** Defaults to 127.0.0.1 and a free port. */
  readonly host?: string;
  readonly port?: number;
  /** Data-provider credentials; the first is ours, the one authorisations default to. */
  readonly users: readonly ProviderUserInput[];
  /** Customers that authorised a provider at start and after every reset. */
  readonly customers?: readonly CustomerAuthorisation[];
  /** The draw behind fault shares (tests make it deterministic). */
  readonly random?: () => number;
  /** Shape of 400 validation bodies; the real one is not verified (platforms.md §3.4). Default `list`. */
  readonly errorShape?: ErrorShape;
  /** Also take `images:[{"url"}]` in listing bodies (not in platforms.md; default: uploaded ids only). */
  readonly acceptImageUrls?: boolean;
}

/** In-process control of a running emulator: the same powers as its `/_emulator/*` routes. */
export interface AutoScout24Control {
  authoriseCustomer(authorisation: CustomerAuthorisation): Customer;
  revokeCustomer(customerId: string, apiUser?: string): boolean;
  addUser(user: ProviderUserInput): void;
  setFaults(faults: FaultSettingsInput): FaultSettings;
  requests(): readonly LoggedRequest[];
  snapshot(): AutoScout24Snapshot;
  /** The listings of one customer, oldest first, with the body last accepted. */
  listings(customerId: string): readonly StoredListing[];
  /** Stores a listing as if the dealer had placed it before (no validation). */
  seedListing(customerId: string, body: Record<string, unknown>): StoredListing;
  /** Back to the start state: initial users and customers, no listings or images, no faults, an empty log. */
  reset(): void;
}

export interface AutoScout24Emulator {
  readonly url: string;
  readonly control: AutoScout24Control;
  stop(): Promise<void>;
}

/** The AutoScout24 listing API (LCA-NG) on loopback, as far as platforms.md describes it. */
export async function startAutoScout24Emulator(
  options: AutoScout24EmulatorOptions,
): Promise<AutoScout24Emulator> {
  const state = new AutoScout24State(
    options.users.map((user) => ProviderUserSchema.parse(user)),
    options.customers ?? [],
  );
  const listings = new ListingStore();
  const faults = new Faults(options.random);
  const log = new RequestLog();
  const reset = (): void => {
    state.reset();
    listings.clear();
    faults.set({});
    log.clear();
  };
  const server = await startEmulatorServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    api: listingApiRoutes(state, listings, {
      errorShape: options.errorShape ?? 'list',
      acceptImageUrls: options.acceptImageUrls ?? false,
    }),
    control: autoScout24ControlRoutes(state, listings, faults, log, reset),
    authenticate: (request) => authenticate(state, request),
    faults,
    log,
    faultAnswer,
    notFound: unknownResource,
    mediaType: AUTOSCOUT24_MEDIA_TYPE,
  });
  return {
    url: server.url,
    stop: () => server.stop(),
    control: {
      authoriseCustomer: (authorisation) => state.authorise(authorisation),
      revokeCustomer: (id, apiUser) => state.revoke(id, apiUser),
      addUser: (user) => state.addUser(ProviderUserSchema.parse(user)),
      setFaults: (settings) => faults.set(settings),
      requests: () => log.list(),
      snapshot: () => state.snapshot(),
      listings: (customerId) => listings.of(customerId),
      seedListing: (customerId, body) => listings.create(customerId, body),
      reset,
    },
  };
}
