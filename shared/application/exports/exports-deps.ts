import type { AppCatalog } from '../apps/app-catalog';
import type { Clock, JobQueue, JobStore, Logger } from '../ports';
import type { SecretSealer } from '../secret-sealer';
import type { ExportCounters } from '../stats/ports';
import type { ExportStore, ProviderAccess } from './ports';

/** What the activation and export use cases need; functions/http/exports.ts builds it once. */
export interface ExportsDeps {
  readonly apps: AppCatalog;
  readonly exports: ExportStore;
  readonly providerAccess: ProviderAccess;
  readonly sealer: SecretSealer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where activation starts the inventory match job of an API export (PRODUCT.md §4). */
  readonly jobs: Pick<JobStore, 'saveJob'>;
  readonly jobQueue: JobQueue;
  /** `stats.errorsLast24h` of the exports answered. */
  readonly counters: ExportCounters;
}
