import { autoScout24ApiApp } from './apps/autoscout24-api';
import { mobileDeApiApp } from './apps/mobile-de-api';
import { mobileDeCsvApp } from './apps/mobile-de-csv';
import type { BuiltInApp } from './export-app';

/** The Appstore's built-in export apps, in the order the store shows them. */
export const builtInApps: readonly BuiltInApp[] = [mobileDeApiApp, autoScout24ApiApp, mobileDeCsvApp];

export function builtInApp(appId: string): BuiltInApp | undefined {
  return builtInApps.find((app) => app.appId === appId);
}
