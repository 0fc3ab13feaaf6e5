import * as z from 'zod';
import { ExportViewSchema } from './exports';
import type { Operation } from './operation';

/** Body of `PUT /v1/exports/{exportId}/vehicles/{vehicleId}/bookings`. */
export const BookingsBodySchema = z
  .strictObject({
    features: z
      .array(z.string().min(1).max(60))
      .max(20)
      .describe('Additional bookings from the app\'s `bookableFeatures`, e.g. ["TOP_AD"]; [] books none'),
  })
  .meta({ id: 'BookingsBody' });

export const BookingsViewSchema = z
  .object({ exportId: z.string(), vehicleId: z.string(), features: z.array(z.string()) })
  .meta({ id: 'Bookings' });

export const JobStartedSchema = z.object({ jobId: z.string() }).meta({ id: 'JobStarted' });

const tag = 'Export control';

export const exportActionOperations: readonly Operation[] = [
  {
    method: 'POST',
    path: '/v1/exports/{exportId}/unlock',
    operationId: 'unlockExport',
    summary:
      'Unlocks a locked export. Every change held while it was locked is synced against the stock ' +
      'as it is now: vehicles that are back in the stock keep their listings.',
    tag,
    auth: 'jwt',
    responses: { 200: { description: 'The export, active again', schema: ExportViewSchema } },
    errors: { 404: ['NOT_FOUND'], 409: ['NOT_LOCKED'] },
  },
  {
    method: 'POST',
    path: '/v1/exports/{exportId}/full-transfer',
    operationId: 'startFullTransfer',
    summary:
      'API and webhook exports: re-sends every released vehicle and removes listings without one. ' +
      'Feed exports: runs the feed now. A job; follow it at /v1/exports/{exportId}/jobs/{jobId}.',
    tag,
    auth: 'jwt',
    responses: { 202: { description: 'The job was queued', schema: JobStartedSchema } },
    errors: { 404: ['NOT_FOUND'], 409: ['EXPORT_LOCKED', 'EXPORT_INACTIVE', 'MATCH_PENDING'] },
  },
  {
    method: 'PUT',
    path: '/v1/exports/{exportId}/vehicles/{vehicleId}/bookings',
    operationId: 'setVehicleBookings',
    summary: 'The additional bookings of one vehicle on one export, sent with its listing',
    tag,
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: BookingsBodySchema }],
    responses: { 200: { description: 'The bookings now', schema: BookingsViewSchema } },
    errors: { 404: ['NOT_FOUND'], 422: ['VALIDATION_FAILED', 'UNSUPPORTED_FEATURE'] },
  },
];
