import type { CustomAppRecord } from '../../domain/custom-app';

/** Port: where a dealer's custom apps are kept (secrets inside sealed). */
export interface CustomAppStore {
  listCustomApps(dealerId: string): Promise<readonly CustomAppRecord[]>;
  getCustomApp(dealerId: string, appId: string): Promise<CustomAppRecord | undefined>;
  /** Stores a new app; its id is fresh, so an existing one is a bug and throws. */
  createCustomApp(record: CustomAppRecord): Promise<void>;
  /** Replaces an existing app; false when it is gone (deleted meanwhile). */
  replaceCustomApp(record: CustomAppRecord): Promise<boolean>;
  /** False when there was nothing to delete. */
  deleteCustomApp(dealerId: string, appId: string): Promise<boolean>;
}
