import { customAppOf, definitionSecretPaths, keepDefinitionSecrets } from '../../domain/custom-app';
import type { CustomAppDefinition } from '../../domain/custom-app-definition';
import { toAppView, type AppView } from './app-view';
import { failureOf } from './custom-app-store';
import { editableCustomApp, type EditableAppDeps } from './editable-custom-app';
import type { Clock } from '../ports';
import { openSecrets, sealSecrets, type SecretSealer } from '../secret-sealer';

export interface ReplaceCustomAppDeps extends EditableAppDeps {
  readonly sealer: SecretSealer;
  readonly clock: Clock;
}

/** Replaces a custom app's whole definition; a masked secret keeps the stored one. */
export async function replaceCustomApp(
  deps: ReplaceCustomAppDeps,
  dealerId: string,
  appId: string,
  definition: CustomAppDefinition,
): Promise<AppView> {
  const stored = await editableCustomApp(deps, dealerId, appId);
  const opened = await openSecrets(stored.definition, definitionSecretPaths(stored.definition), deps.sealer);
  const plain = keepDefinitionSecrets(definition, opened);
  const record = {
    ...stored,
    definition: await sealSecrets(plain, definitionSecretPaths(plain), deps.sealer),
    updatedAt: deps.clock.now().toISOString(),
  };
  const failure = failureOf(await deps.store.replaceCustomApp(record));
  if (failure) throw failure;
  return toAppView(customAppOf(record), null, true);
}
