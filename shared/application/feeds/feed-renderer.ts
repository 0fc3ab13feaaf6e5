import type { Vehicle } from '../../domain/vehicle';

/** A released vehicle as a feed run reads it: the vehicle and its additional bookings on this export. */
export interface FeedVehicle {
  readonly vehicle: Vehicle;
  readonly bookings: readonly string[];
}

/**
 * Turns the released stock into the bytes of one feed file, vehicle by vehicle, so a run never
 * holds the whole stock in memory. Which vehicles go in (a custom app's filter) is the caller's
 * decision: the renderer writes every vehicle it is given.
 */
export interface FeedRenderer {
  /** The file's media type with its charset, e.g. 'text/csv; charset=ISO-8859-15'. */
  readonly contentType: string;
  readonly fileExtension: 'csv' | 'xml' | 'json';
  /** Renders vehicles as they arrive, yielding encoded chunks; a vehicle is never silently dropped. */
  render(vehicles: AsyncIterable<FeedVehicle>): AsyncIterable<Uint8Array>;
}
