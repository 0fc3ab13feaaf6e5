import * as z from 'zod';
import { matchMethods } from '../domain/inventory-match';
import type { Operation } from './operation';

/** The Match of API.md: the inventory match of an API export. */
export const MatchViewSchema = z
  .object({
    state: z
      .enum(['pending', 'done'])
      .describe(
        '`pending` while the match job runs; `done` once the matches are adopted and the vehicles ' +
          'without a listing are queued for creation (unmatched listings may still await assignment)',
      ),
    matched: z.array(z.object({ vehicleId: z.string(), listingRef: z.string(), by: z.enum(matchMethods) })),
    unmatchedListings: z
      .array(
        z.object({
          listingRef: z.string(),
          title: z.string(),
          internalNumber: z.string().nullable(),
          vin: z.string().nullable(),
          candidates: z.array(z.string()).describe('Vehicles the listing may be, best first (at most 3)'),
        }),
      )
      .describe('Listings that matched nothing and await the one-time assignment; left untouched until then'),
    unmatchedVehicles: z.array(z.string()).describe('Released vehicles without a listing: they are created'),
  })
  .meta({ id: 'Match' });

/** Body of `PUT /v1/exports/{exportId}/match/{listingRef}`: a vehicle, or keep / delete. */
export const MatchAssignmentBodySchema = z
  .union([
    z.strictObject({ vehicleId: z.string().min(1).max(100) }),
    z.strictObject({ action: z.enum(['keep', 'delete']) }),
  ])
  .meta({ id: 'MatchAssignment' });

const tag = 'Exports';

export const exportMatchOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/exports/{exportId}/match',
    operationId: 'getExportMatch',
    summary:
      'The inventory match of an API export: adopted listings, listings awaiting assignment, vehicles created',
    tag,
    auth: 'jwt',
    responses: { 200: { description: 'The match', schema: MatchViewSchema } },
    errors: { 404: ['NOT_FOUND'] },
  },
  {
    method: 'PUT',
    path: '/v1/exports/{exportId}/match/{listingRef}',
    operationId: 'assignExportMatch',
    summary:
      'Assigns a listing that matched nothing, once: to a vehicle (adopted and updated), keep as it is, ' +
      'or delete on the platform',
    tag,
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: MatchAssignmentBodySchema }],
    responses: { 200: { description: 'The match after the assignment', schema: MatchViewSchema } },
    errors: {
      404: ['NOT_FOUND'],
      409: ['ALREADY_ASSIGNED', 'VEHICLE_LISTED', 'EXPORT_INACTIVE', 'APP_UNAVAILABLE'],
      422: ['VALIDATION_FAILED', 'VEHICLE_UNKNOWN', 'VEHICLE_NOT_RELEASED'],
      424: ['PLATFORM_REFUSED'],
      502: ['PLATFORM_UNAVAILABLE'],
    },
  },
];
