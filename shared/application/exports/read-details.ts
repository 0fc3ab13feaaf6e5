import { DETAIL_RETENTION_MS, type Detail } from '../../domain/detail';
import type { Clock } from '../ports';
import type { ExportsDeps } from './exports-deps';
import type { DetailReader } from './ports';
import { existingExport } from './read-exports';

export interface ReadDetailsDeps extends Pick<ExportsDeps, 'exports'> {
  readonly details: DetailReader;
  readonly clock: Clock;
}

/** The query of `GET /v1/exports/{exportId}/details`, parsed at the edge. */
export interface DetailsRequest {
  readonly from?: Date;
  readonly to?: Date;
  readonly vehicleId?: string;
  readonly outcome?: Detail['outcome'];
  readonly action?: Detail['action'];
  readonly kind?: Detail['kind'];
  readonly limit: number;
  readonly cursor?: string;
}

/** A detail as the API answers it (API.md "Detail"): the export is the one in the path. */
export type DetailView = Omit<Detail, 'exportId'>;

/**
 * `GET /v1/exports/{exportId}/details`: the export's transmission details of the last 5 days,
 * newest first. The export must be the caller's (404 otherwise, like any other export route).
 * A `from` before the retention window is moved up to it: older details are gone by definition,
 * even while DynamoDB's lazy TTL still holds them.
 */
export async function readDetails(
  deps: ReadDetailsDeps,
  dealerId: string,
  exportId: string,
  request: DetailsRequest,
): Promise<{ items: DetailView[]; nextCursor: string | null }> {
  await existingExport(deps, dealerId, exportId);
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - DETAIL_RETENTION_MS);
  const from = request.from && request.from > windowStart ? request.from : windowStart;
  const page = await deps.details.listDetails({ ...request, exportId, from, now });
  return { items: page.items.map(toDetailView), nextCursor: page.nextCursor };
}

function toDetailView({ exportId: _exportId, ...view }: Detail): DetailView {
  return view;
}
