import type { LocalLog } from '../log';
import { startAutoScout24Emulator, type AutoScout24Emulator } from './autoscout24/server';
import { startMobileDeEmulator, type MobileDeEmulator } from './mobile-de/server';

/** Our provider login on the emulators unless the environment names another (API.md "Local stack only"). */
export const LOCAL_PROVIDER_USER = 'provider-local';
export const LOCAL_PROVIDER_PASSWORD = 'local-secret';

/** The demo dealer's accounts on the platforms, linked to us at every start of the local stack. */
export const DEMO_MOBILE_DE_SELLER = '1000001';
export const DEMO_AUTOSCOUT24_CUSTOMER = '2000001';

export interface PlatformEmulators {
  /** What the handlers need: MOBILE_DE_API_URL, MOBILE_DE_API_USER, ... */
  readonly env: Record<string, string>;
  /** Base URLs the connectors use (an emulator's, or the one the environment named). */
  readonly urls: { readonly mobileDe: string; readonly autoScout24: string };
  /** Undefined when the environment points the platform elsewhere. */
  readonly mobileDe?: MobileDeEmulator;
  readonly autoScout24?: AutoScout24Emulator;
  stop(): Promise<void>;
}

/**
 * Starts the mobile.de and AutoScout24 emulators on free loopback ports, except for a platform
 * whose URL the environment sets (MOBILE_DE_API_URL, AUTOSCOUT24_API_URL): then the connectors
 * talk to that server. Credentials default to the local provider user, overridable per platform.
 */
export async function startPlatformEmulators(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly linkDemoDealer: boolean;
  readonly log: LocalLog;
}): Promise<PlatformEmulators> {
  const { env } = options;
  const mobileDeLogin = {
    user: env.MOBILE_DE_API_USER ?? LOCAL_PROVIDER_USER,
    password: env.MOBILE_DE_API_PASSWORD ?? LOCAL_PROVIDER_PASSWORD,
  };
  const autoScout24Login = {
    user: env.AUTOSCOUT24_API_USER ?? LOCAL_PROVIDER_USER,
    password: env.AUTOSCOUT24_API_PASSWORD ?? LOCAL_PROVIDER_PASSWORD,
  };
  const mobileDe = env.MOBILE_DE_API_URL
    ? undefined
    : await startMobileDeEmulator({
        users: [mobileDeLogin],
        sellers: options.linkDemoDealer
          ? [{ mobileSellerId: DEMO_MOBILE_DE_SELLER, companyName: 'Autohaus Demo' }]
          : [],
      });
  let autoScout24: AutoScout24Emulator | undefined;
  try {
    autoScout24 = env.AUTOSCOUT24_API_URL
      ? undefined
      : await startAutoScout24Emulator({
          users: [autoScout24Login],
          customers: options.linkDemoDealer
            ? [{ id: DEMO_AUTOSCOUT24_CUSTOMER, companyName: 'Autohaus Demo' }]
            : [],
        });
  } catch (error) {
    await mobileDe?.stop();
    throw error;
  }
  const urls = {
    mobileDe: mobileDe?.url ?? env.MOBILE_DE_API_URL!,
    autoScout24: autoScout24?.url ?? env.AUTOSCOUT24_API_URL!,
  };
  if (!mobileDe) options.log.info(`mobile.de: using ${urls.mobileDe} (MOBILE_DE_API_URL)`);
  if (!autoScout24) options.log.info(`AutoScout24: using ${urls.autoScout24} (AUTOSCOUT24_API_URL)`);
  return {
    env: {
      MOBILE_DE_API_URL: urls.mobileDe,
      MOBILE_DE_API_USER: mobileDeLogin.user,
      MOBILE_DE_API_PASSWORD: mobileDeLogin.password,
      AUTOSCOUT24_API_URL: urls.autoScout24,
      AUTOSCOUT24_API_USER: autoScout24Login.user,
      AUTOSCOUT24_API_PASSWORD: autoScout24Login.password,
    },
    urls,
    ...(mobileDe ? { mobileDe } : {}),
    ...(autoScout24 ? { autoScout24 } : {}),
    stop: async () => {
      await Promise.all([mobileDe?.stop(), autoScout24?.stop()]);
    },
  };
}
