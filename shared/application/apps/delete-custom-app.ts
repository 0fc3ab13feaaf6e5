import { failureOf } from './custom-app-store';
import { editableCustomApp, type EditableAppDeps } from './editable-custom-app';

/** Deletes a custom app that no export of the dealer uses. */
export async function deleteCustomApp(deps: EditableAppDeps, dealerId: string, appId: string): Promise<void> {
  await editableCustomApp(deps, dealerId, appId);
  const failure = failureOf(await deps.store.deleteCustomApp(dealerId, appId));
  if (failure) throw failure;
}
