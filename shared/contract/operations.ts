import { appOperations } from './apps';
import { exportActionOperations } from './export-actions';
import { exportControlOperations } from './export-control';
import { exportMatchOperations } from './export-match';
import { exportOperations } from './exports';
import type { Operation } from './operation';
import { publicOperations } from './public';
import { settingsOperations } from './settings';
import { vehicleOperations } from './vehicles';

export type { Operation } from './operation';

/** Every operation of the HTTP API, one file per resource. */
export const operations: readonly Operation[] = [
  ...publicOperations,
  ...settingsOperations,
  ...vehicleOperations,
  ...appOperations,
  ...exportOperations,
  ...exportActionOperations,
  ...exportControlOperations,
  ...exportMatchOperations,
];
