import type { CustomAppRecord } from '../../domain/custom-app';
import { ConflictError, NotFoundError } from '../../domain/errors';

/** Port: where a dealer's custom apps are kept (secrets inside sealed). */
export interface CustomAppStore {
  listCustomApps(dealerId: string): Promise<readonly CustomAppRecord[]>;
  getCustomApp(dealerId: string, appId: string): Promise<CustomAppRecord | undefined>;
  /** Stores a new app; its id is fresh, so an existing one is a bug and throws. */
  createCustomApp(record: CustomAppRecord): Promise<void>;
  /**
   * Replaces an existing app unless it is activated, atomically with that check, so an activation
   * racing the change cannot slip in between: `missing` when it is gone (deleted meanwhile).
   */
  replaceCustomApp(record: CustomAppRecord): Promise<CustomAppWrite>;
  /** Deletes an app unless it is activated (atomically, as for replace). */
  deleteCustomApp(dealerId: string, appId: string): Promise<CustomAppWrite>;
}

export type CustomAppWrite = 'done' | 'missing' | 'active';

/** The outcome of a write as the API's answer: nothing for `done`, an error otherwise. */
export function failureOf(write: CustomAppWrite, exportHint = ''): Error | undefined {
  if (write === 'missing') return new NotFoundError('app');
  if (write === 'active') {
    return new ConflictError('APP_ACTIVE', `The app is activated${exportHint}; deactivate the export first.`);
  }
  return undefined;
}
