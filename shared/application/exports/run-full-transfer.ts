import type { Job } from '../../domain/job';
import type { SyncMessage } from '../../domain/sync-message';
import type { Vehicle } from '../../domain/vehicle';
import type { JobRunner } from '../run-job';
import type { ExportReader, SyncQueue } from '../ports';

export interface FullTransferDeps {
  readonly exports: Pick<ExportReader, 'getExport'>;
  readonly stock: { releasedVehicles(dealerId: string, exportId: string): AsyncIterable<Vehicle> };
  readonly listings: { listedVehicleIds(exportId: string): AsyncIterable<string> };
  readonly syncQueue: SyncQueue;
}

const CHUNK = 100;

/**
 * The full transfer of an API or webhook export: every released vehicle is queued with `force`
 * (sent even when its content hash says the platform has it), and every listing without a
 * released vehicle is queued for removal. The worker syncs each from the current state, so running
 * it twice sends the same again and removes nothing more. `done` counts vehicles queued; what the
 * platform said about each is in the details.
 */
export function fullTransferRunner(deps: FullTransferDeps): JobRunner {
  return async (job, progress) => {
    const exp = await deps.exports.getExport(job.dealerId, job.exportId);
    if (exp?.status !== 'active') throw new Error('the export is not active');
    const released = new Set<string>();
    for await (const vehicle of deps.stock.releasedVehicles(job.dealerId, job.exportId)) {
      released.add(vehicle.vehicleId);
    }
    const orphans: string[] = [];
    for await (const vehicleId of deps.listings.listedVehicleIds(job.exportId)) {
      if (!released.has(vehicleId)) orphans.push(vehicleId);
    }
    await queueAll(
      deps,
      job,
      [...released, ...orphans],
      { resync: `ft-${job.jobId}`, force: true },
      progress,
    );
  };
}

/** Queues one sync message per vehicle, 100 at a time, with the job's progress after each chunk. */
async function queueAll(
  deps: Pick<FullTransferDeps, 'syncQueue'>,
  job: Job,
  vehicleIds: readonly string[],
  flags: Pick<SyncMessage, 'resync' | 'force' | 'purge'>,
  progress: Parameters<JobRunner>[1],
): Promise<void> {
  await progress({ total: vehicleIds.length, done: 0, failed: 0 });
  for (let start = 0; start < vehicleIds.length; start += CHUNK) {
    const chunk = vehicleIds.slice(start, start + CHUNK);
    await deps.syncQueue.send(
      chunk.map((vehicleId) => ({
        dealerId: job.dealerId,
        exportId: job.exportId,
        vehicleId,
        version: 0,
        ...flags,
      })),
    );
    await progress({ total: vehicleIds.length, done: start + chunk.length, failed: 0 });
  }
}

/**
 * After a deactivation with `removeListings=true`: every listing of the export is queued with
 * `purge`, and the worker deletes it on the platform although the export is inactive.
 */
export function removeListingsRunner(deps: Omit<FullTransferDeps, 'stock'>): JobRunner {
  return async (job, progress) => {
    const exp = await deps.exports.getExport(job.dealerId, job.exportId);
    if (exp?.status !== 'inactive' || !exp.removeListings) throw new Error('the export keeps its listings');
    const vehicleIds: string[] = [];
    for await (const vehicleId of deps.listings.listedVehicleIds(job.exportId)) vehicleIds.push(vehicleId);
    await queueAll(deps, job, vehicleIds, { resync: `rm-${job.jobId}`, purge: true }, progress);
  };
}
