import type {
  ErrorCounter,
  ExportCounters,
  ReleaseCount,
  ReleaseCounter,
  ReleaseTransition,
  TransmissionLog,
} from '../../shared/application/stats/ports';
import type { Export } from '../../shared/domain/export';

const hourOf = (at: Date) => at.toISOString().slice(0, 13);

/** The export counters in memory, with the rules of the DynamoDB adapter (markers, hourly buckets). */
export class InMemoryExportStats implements ReleaseCounter, ErrorCounter, ExportCounters, TransmissionLog {
  /** `${exportId}#${vehicleId}` → the release as counted. */
  readonly markers = new Map<string, { released: boolean; version: number }>();
  /** exportId → `stats.released`. */
  readonly released = new Map<string, number>();
  /** `${exportId}#${yyyy-mm-ddThh}` → errors. */
  readonly errorBuckets = new Map<string, number>();
  readonly transmissions: { exportId: string; at: string }[] = [];

  async countRelease(transition: ReleaseTransition): Promise<ReleaseCount> {
    const key = `${transition.exportId}#${transition.vehicleId}`;
    const marker = this.markers.get(key);
    if (marker && marker.version === transition.version) return 'already-counted';
    if (marker && marker.version > transition.version) return 'superseded';
    this.markers.set(key, { released: transition.released, version: transition.version });
    if ((marker?.released ?? false) === transition.released) return 'unchanged';
    const count = this.released.get(transition.exportId) ?? 0;
    this.released.set(transition.exportId, count + (transition.released ? 1 : -1));
    return 'counted';
  }

  async releasedOf(exportId: string): Promise<number> {
    return this.released.get(exportId) ?? 0;
  }

  async countError(exportId: string, at: Date): Promise<void> {
    const key = `${exportId}#${hourOf(at)}`;
    this.errorBuckets.set(key, (this.errorBuckets.get(key) ?? 0) + 1);
  }

  async errorsLast24h(exportId: string, now: Date): Promise<number> {
    let sum = 0;
    for (let hoursAgo = 0; hoursAgo < 24; hoursAgo++) {
      const hour = hourOf(new Date(now.getTime() - hoursAgo * 3_600_000));
      sum += this.errorBuckets.get(`${exportId}#${hour}`) ?? 0;
    }
    return sum;
  }

  async transmitted(exp: Pick<Export, 'dealerId' | 'exportId'>, at: Date): Promise<void> {
    this.transmissions.push({ exportId: exp.exportId, at: at.toISOString() });
  }
}
