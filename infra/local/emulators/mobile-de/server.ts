import { Faults, type FaultSettings, type FaultSettingsInput } from '../kit/faults';
import { RequestLog, type LoggedRequest } from '../kit/request-log';
import { startEmulatorServer } from '../kit/server';
import { adRoutes } from './ad-routes';
import { AdStore, type StoredAd } from './ad-store';
import { authenticate } from './auth';
import { mobileDeControlRoutes } from './control';
import { faultAnswer, MOBILE_DE_MEDIA_TYPE } from './responses';
import { sellerApiRoutes, unknownResource } from './routes';
import {
  ApiUserSchema,
  MobileDeState,
  type ApiUserInput,
  type MobileDeSnapshot,
  type Seller,
  type SellerLink,
} from './state';

export interface MobileDeEmulatorOptions {
  /** Defaults to 127.0.0.1 and a free port. */
  readonly host?: string;
  readonly port?: number;
  /** API users; the first is the provider account that links default to. */
  readonly users: readonly ApiUserInput[];
  /** Sellers linked at start and after every reset. */
  readonly sellers?: readonly SellerLink[];
  /** The draw behind fault shares (tests make it deterministic). */
  readonly random?: () => number;
  /** The clock for ad dates and `first-registration-in-future` (tests pin it). */
  readonly now?: () => Date;
}

/** In-process control of a running emulator: the same powers as its `/_emulator/*` routes. */
export interface MobileDeControl {
  linkSeller(link: SellerLink): Seller;
  unlinkSeller(mobileSellerId: string, apiUser?: string): boolean;
  addUser(user: ApiUserInput): void;
  setFaults(faults: FaultSettingsInput): FaultSettings;
  requests(): readonly LoggedRequest[];
  snapshot(): MobileDeSnapshot;
  /** A seller's ads as `GET …/ads` would list them. */
  ads(mobileSellerId: string): readonly StoredAd[];
  /** Stores an ad as if the dealer had placed it before (no validation, no insertion id). */
  seedAd(mobileSellerId: string, ad: Record<string, unknown>): StoredAd;
  /** Back to the start state: initial users and links, no faults, an empty request log. */
  reset(): void;
}

export interface MobileDeEmulator {
  readonly url: string;
  readonly control: MobileDeControl;
  stop(): Promise<void>;
}

/** The mobile.de Seller-API on loopback, as far as platforms.md describes it. */
export async function startMobileDeEmulator(options: MobileDeEmulatorOptions): Promise<MobileDeEmulator> {
  const state = new MobileDeState(
    options.users.map((user) => ApiUserSchema.parse(user)),
    options.sellers ?? [],
  );
  const store = new AdStore();
  const now = options.now ?? (() => new Date());
  const faults = new Faults(options.random);
  const log = new RequestLog();
  const reset = (): void => {
    state.reset();
    store.reset();
    faults.set({});
    log.clear();
  };
  const server = await startEmulatorServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    api: [...sellerApiRoutes(state), ...adRoutes(state, store, now)],
    control: mobileDeControlRoutes(state, store, faults, log, reset, now),
    authenticate: (request) => authenticate(state, request),
    faults,
    log,
    faultAnswer,
    notFound: unknownResource,
    mediaType: MOBILE_DE_MEDIA_TYPE,
  });
  return {
    url: server.url,
    stop: () => server.stop(),
    control: {
      linkSeller: (link) => state.link(link),
      unlinkSeller: (id, apiUser) => state.unlink(id, apiUser),
      addUser: (user) => state.addUser(ApiUserSchema.parse(user)),
      setFaults: (settings) => faults.set(settings),
      requests: () => log.list(),
      snapshot: () => state.snapshot(),
      ads: (id) => store.list(id),
      seedAd: (id, ad) => store.create(id, ad, undefined, now()),
      reset,
    },
  };
}
