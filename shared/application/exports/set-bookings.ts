import { NotFoundError, ValidationError } from '../../domain/errors';
import { pushesSingleVehicles } from '../../domain/export';
import { newId } from '../../domain/ids';
import type { Listing } from '../../domain/listing';
import type { AppCatalog } from '../apps/app-catalog';
import type { ListingStore } from '../delta/ports';
import type { Clock, SyncQueue, VehicleReader } from '../ports';
import type { ExportsDeps } from './exports-deps';
import { existingExport } from './read-exports';

export interface SetBookingsDeps {
  readonly exports: ExportsDeps['exports'];
  readonly apps: AppCatalog;
  readonly vehicles: VehicleReader;
  readonly listings: Pick<ListingStore, 'getListing' | 'saveListing'>;
  readonly syncQueue: SyncQueue;
  readonly clock: Clock;
}

export interface BookingsView {
  readonly exportId: string;
  readonly vehicleId: string;
  readonly features: readonly string[];
}

/**
 * `PUT /v1/exports/{exportId}/vehicles/{vehicleId}/bookings`: the additional bookings of one
 * vehicle on one export, checked against the app's bookable features. They live on the vehicle's
 * listing item (created without a listing if there is none yet), so the worker sends them with
 * the listing and the feed writes them into its columns; a push export syncs the vehicle now.
 */
export async function setBookings(
  deps: SetBookingsDeps,
  dealerId: string,
  exportId: string,
  vehicleId: string,
  features: readonly string[],
): Promise<BookingsView> {
  const exp = await existingExport(deps, dealerId, exportId);
  const app = await deps.apps.getApp(dealerId, exp.appId);
  const bookable = new Set(app?.bookableFeatures ?? []);
  const issues = features.flatMap((feature, index) =>
    bookable.has(feature)
      ? []
      : [
          {
            path: `features.${index}`,
            message: `not bookable here; one of: ${[...bookable].join(', ') || 'none'}`,
          },
        ],
  );
  if (issues.length > 0) {
    throw new ValidationError('UNSUPPORTED_FEATURE', 'The app cannot book these features', issues);
  }
  if (!(await deps.vehicles.getVehicle(dealerId, vehicleId))) throw new NotFoundError('vehicle');

  const unique = [...new Set(features)].sort();
  await saveBookings(deps, exportId, dealerId, vehicleId, unique);
  if (pushesSingleVehicles(exp)) {
    const resync = `bk-${deps.clock.now().getTime()}`;
    await deps.syncQueue.send([{ dealerId, exportId, vehicleId, version: 0, resync }]);
  }
  return { exportId, vehicleId, features: unique };
}

/** Writes the bookings onto the listing item, retrying when a worker changed it meanwhile. */
async function saveBookings(
  deps: SetBookingsDeps,
  exportId: string,
  dealerId: string,
  vehicleId: string,
  bookings: string[],
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const listing = await deps.listings.getListing(exportId, vehicleId);
    const next: Listing = listing
      ? { ...listing, bookings, updatedAt: deps.clock.now().toISOString() }
      : {
          exportId,
          dealerId,
          vehicleId,
          state: 'removed',
          listingRef: null,
          insertionKey: newId('ins'),
          contentHash: null,
          bookings,
          syncedVersion: 0,
          updatedAt: deps.clock.now().toISOString(),
        };
    if (await deps.listings.saveListing(next, listing)) return;
  }
  throw new Error(`listing ${exportId}/${vehicleId} kept changing`);
}
