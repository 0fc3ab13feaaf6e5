import {
  customAppIdPrefix,
  customAppOf,
  definitionSecretPaths,
  keepDefinitionSecrets,
  maxCustomAppsPerDealer,
} from '../../domain/custom-app';
import type { CustomAppDefinition } from '../../domain/custom-app-definition';
import { ConflictError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { toAppView, type AppView } from './app-view';
import type { CustomAppStore } from './custom-app-store';
import type { Clock } from '../ports';
import { sealSecrets, type SecretSealer } from '../secret-sealer';

export interface CreateCustomAppDeps {
  readonly store: CustomAppStore;
  readonly sealer: SecretSealer;
  readonly clock: Clock;
}

/** Stores a dealer's export app definition with its secrets sealed; answers it masked. */
export async function createCustomApp(
  deps: CreateCustomAppDeps,
  dealerId: string,
  definition: CustomAppDefinition,
): Promise<AppView> {
  // A mask on create has nothing behind it: refused before anything is stored.
  const plain = keepDefinitionSecrets(definition, undefined);
  const existing = await deps.store.listCustomApps(dealerId);
  if (existing.length >= maxCustomAppsPerDealer) {
    throw new ConflictError(
      'APP_LIMIT_REACHED',
      `A dealer can keep at most ${maxCustomAppsPerDealer} custom apps.`,
    );
  }
  const now = deps.clock.now();
  const record = {
    appId: newId(customAppIdPrefix, now),
    dealerId,
    definition: await sealSecrets(plain, definitionSecretPaths(plain), deps.sealer),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.createCustomApp(record);
  return toAppView(customAppOf(record), null, true);
}
