import type {
  DealerSettingsStore,
  ImportSession,
  Page,
  StockImporter,
  StockWrite,
  VehicleStore,
  WriteOutcome,
} from '../../shared/application/stock/stock-ports';
import type { DealerSettings } from '../../shared/domain/dealer-settings';
import type { Vehicle } from '../../shared/domain/vehicle';

/** In-memory stock with the adapters' rules: per-dealer unique numbers, versions, the import lease. */
export class InMemoryStock implements VehicleStore, StockImporter, DealerSettingsStore {
  readonly vehicles = new Map<string, Vehicle & { dealerId: string }>();
  readonly settings = new Map<string, DealerSettings>();
  readonly writeBatches: StockWrite[][] = [];
  readonly leased = new Set<string>();
  /** Outcomes to answer the next single writes with, before applying any (simulated races). */
  readonly scripted: WriteOutcome[] = [];

  add(dealerId: string, vehicle: Vehicle): void {
    this.vehicles.set(vehicle.vehicleId, { ...vehicle, dealerId });
  }
  stockOf(dealerId: string): Vehicle[] {
    return [...this.vehicles.values()]
      .filter((vehicle) => vehicle.dealerId === dealerId)
      .map(({ dealerId: _dealerId, ...vehicle }) => vehicle);
  }

  async getVehicle(dealerId: string, vehicleId: string) {
    return this.stockOf(dealerId).find((vehicle) => vehicle.vehicleId === vehicleId);
  }
  async listVehicles(dealerId: string, page: { limit: number }): Promise<Page<Vehicle>> {
    return { items: this.stockOf(dealerId).slice(0, page.limit), nextCursor: null };
  }
  async createVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome> {
    const outcome = this.scripted.shift() ?? this.check(dealerId, vehicle);
    if (outcome === 'written') this.add(dealerId, vehicle);
    return outcome;
  }
  async replaceVehicle(dealerId: string, previous: Vehicle, next: Vehicle): Promise<WriteOutcome> {
    const current = await this.getVehicle(dealerId, previous.vehicleId);
    const outcome =
      this.scripted.shift() ?? (current?.version !== previous.version ? 'stale' : this.check(dealerId, next));
    if (outcome === 'written') this.add(dealerId, next);
    return outcome;
  }
  async deleteVehicle(dealerId: string, vehicle: Vehicle): Promise<WriteOutcome> {
    const current = await this.getVehicle(dealerId, vehicle.vehicleId);
    const outcome =
      this.scripted.shift() ??
      (this.leased.has(dealerId) ? 'locked' : current?.version !== vehicle.version ? 'stale' : 'written');
    if (outcome === 'written') this.vehicles.delete(vehicle.vehicleId);
    return outcome;
  }

  async begin(dealerId: string): Promise<ImportSession | undefined> {
    if (this.leased.has(dealerId)) return undefined;
    this.leased.add(dealerId);
    return {
      stock: this.stockOf(dealerId),
      write: async (writes) => {
        this.writeBatches.push([...writes]);
        for (const write of writes) {
          if (write.kind === 'delete') this.vehicles.delete(write.vehicle.vehicleId);
          else this.add(dealerId, write.vehicle);
        }
      },
      end: async () => {
        this.leased.delete(dealerId);
      },
    };
  }

  async getSettings(dealerId: string) {
    return this.settings.get(dealerId);
  }
  async saveSettings(dealerId: string, settings: DealerSettings) {
    this.settings.set(dealerId, settings);
  }

  private check(dealerId: string, vehicle: Vehicle): WriteOutcome {
    if (this.leased.has(dealerId)) return 'locked';
    const taken = this.stockOf(dealerId).some(
      (other) => other.internalNumber === vehicle.internalNumber && other.vehicleId !== vehicle.vehicleId,
    );
    return taken ? 'duplicate' : 'written';
  }
}
