import type { Detail } from '../domain/detail';
import type { Export } from '../domain/export';
import type { Job, JobMessage } from '../domain/job';
import type { SyncMessage } from '../domain/sync-message';
import type { Vehicle } from '../domain/vehicle';

/** Ports: what the use cases need from the outside world. Adapters implement them. */

export interface Clock {
  now(): Date;
}

export interface VehicleReader {
  /** The current vehicle, or undefined when it is not (or no longer) in the dealer's stock. */
  getVehicle(dealerId: string, vehicleId: string): Promise<Vehicle | undefined>;
}

export interface VehicleLookup {
  /** The vehicle that carries this internal number now (internal numbers are unique per dealer). */
  vehicleIdByInternalNumber(dealerId: string, internalNumber: string): Promise<string | undefined>;
}

export interface ExportReader {
  listExports(dealerId: string): Promise<readonly Export[]>;
  getExport(dealerId: string, exportId: string): Promise<Export | undefined>;
  /** Feed exports of every dealer (the scheduler's view). */
  listFeedExports(): AsyncIterable<Export>;
}

export interface ExportWriter {
  /**
   * Records that a feed run was started at `at`, only if no one else did since `previous`
   * (a conditional write): false means another dispatcher got there first.
   */
  markFeedDispatched(exp: Export, at: Date): Promise<boolean>;
}

export interface SyncQueue {
  /** Sends every message or throws; messages of one (export, vehicle) stay in order. */
  send(messages: readonly SyncMessage[]): Promise<void>;
}

export interface JobQueue {
  enqueue(job: JobMessage): Promise<void>;
}

export interface JobStore {
  getJob(exportId: string, jobId: string): Promise<Job | undefined>;
  saveJob(job: Job): Promise<void>;
}

export interface DetailWriter {
  record(detail: Detail): Promise<void>;
}

/** Writes many details in as few requests as the store allows. */
export interface DetailBatchWriter {
  recordAll(details: readonly Detail[]): Promise<void>;
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}
