import type {
  Clock,
  DetailBatchWriter,
  DetailWriter,
  ExportReader,
  ExportWriter,
  JobQueue,
  JobStore,
  SyncQueue,
  VehicleLookup,
  VehicleReader,
} from '../../shared/application/ports';
import type { Detail } from '../../shared/domain/detail';
import type { Export } from '../../shared/domain/export';
import type { Job, JobMessage } from '../../shared/domain/job';
import type { SyncMessage } from '../../shared/domain/sync-message';
import type { Vehicle } from '../../shared/domain/vehicle';

/** In-memory fakes of the ports, for use-case tests. */

export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export class InMemoryExports implements ExportReader, ExportWriter, JobStore {
  readonly exports = new Map<string, Export>();
  readonly jobs = new Map<string, Job>();

  add(exp: Export): void {
    this.exports.set(exp.exportId, exp);
  }
  async listExports(dealerId: string) {
    return [...this.exports.values()].filter((exp) => exp.dealerId === dealerId);
  }
  async getExport(dealerId: string, exportId: string) {
    const exp = this.exports.get(exportId);
    return exp?.dealerId === dealerId ? exp : undefined;
  }
  async *listFeedExports() {
    for (const exp of this.exports.values()) if (exp.transport === 'feed') yield exp;
  }
  async markFeedDispatched(exp: Export, at: Date) {
    const stored = this.exports.get(exp.exportId);
    if (!stored || stored.lastFeedRunAt !== exp.lastFeedRunAt) return false;
    this.exports.set(exp.exportId, { ...stored, lastFeedRunAt: at.toISOString() });
    return true;
  }
  async getJob(exportId: string, jobId: string) {
    const job = this.jobs.get(jobId);
    return job?.exportId === exportId ? job : undefined;
  }
  async saveJob(job: Job) {
    this.jobs.set(job.jobId, job);
  }
}

export class InMemoryVehicles implements VehicleReader, VehicleLookup {
  readonly vehicles = new Map<string, Vehicle & { dealerId: string }>();
  async vehicleIdByInternalNumber(dealerId: string, internalNumber: string) {
    return [...this.vehicles.values()].find(
      (vehicle) => vehicle.dealerId === dealerId && vehicle.internalNumber === internalNumber,
    )?.vehicleId;
  }
  async getVehicle(dealerId: string, vehicleId: string) {
    const vehicle = this.vehicles.get(vehicleId);
    if (vehicle?.dealerId !== dealerId) return undefined;
    const { dealerId: _dealerId, ...rest } = vehicle;
    return rest;
  }
}

export class RecordingQueue implements SyncQueue, JobQueue {
  readonly sent: (SyncMessage | JobMessage)[] = [];
  async send(messages: readonly SyncMessage[]) {
    this.sent.push(...messages);
  }
  async enqueue(job: JobMessage) {
    this.sent.push(job);
  }
}

export class RecordingDetails implements DetailWriter, DetailBatchWriter {
  readonly details: Detail[] = [];
  /** How many writes carried them (one per `record`, one per `recordAll`). */
  writes = 0;
  async record(detail: Detail) {
    this.details.push(detail);
    this.writes++;
  }
  async recordAll(details: readonly Detail[]) {
    this.details.push(...details);
    this.writes++;
  }
}

export const silentLogger = { info: () => undefined, warn: () => undefined };

/** A job as `startJob` saves it: queued, nothing done yet. */
export function aJob(overrides: Partial<Job> = {}): Job {
  return {
    dealerId: 'd1',
    exportId: 'exp_1',
    jobId: 'job_1',
    kind: 'match',
    state: 'queued',
    total: 0,
    done: 0,
    failed: 0,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

export function anExport(overrides: Partial<Export> = {}): Export {
  return {
    exportId: 'exp_1',
    dealerId: 'd1',
    appId: 'mobile-de-api',
    transport: 'api',
    status: 'active',
    settings: {},
    secretPaths: [],
    lock: null,
    stats: { released: 0, listed: 0, pending: 0, errorsLast24h: 0 },
    lastTransmissionAt: null,
    createdAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}

export function aVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return {
    vehicleId: 'veh_1',
    version: 1,
    releases: {},
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    internalNumber: 'STK-1',
    condition: 'new',
    category: 'suv',
    make: 'Skoda',
    model: 'Enyaq',
    fuel: 'electric',
    gearbox: 'automatic',
    price: { gross: '52900.00', currency: 'EUR', vatRate: '19.00' },
    ...overrides,
  };
}
