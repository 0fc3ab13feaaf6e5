import * as z from 'zod';
import { DetailSchema } from '../domain/detail';
import { JobSchema } from '../domain/job';
import { ListQuerySchema, pageOf } from './common';
import type { Operation } from './operation';

const detailFields = DetailSchema.shape;

/** An ISO-8601 date-time (an offset is converted to UTC), as a Date for the use case. */
const instant = (description: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO-8601 date-time, e.g. 2026-11-27T09:00:00.000Z' })
    .transform((value) => new Date(value))
    .optional()
    .describe(description);

/** Query of `GET /v1/exports/{exportId}/details`: list paging plus the filters of API.md. */
export const DetailsQuerySchema = ListQuerySchema.extend({
  from: instant(
    'Earliest `at`, inclusive. Details are kept 5 days: a `from` before now − 5 days (or none) ' +
      'is moved up to now − 5 days.',
  ),
  to: instant('Latest `at`, inclusive; none: no upper bound. A `to` in the future is accepted.'),
  vehicleId: z.string().min(1).max(128).optional().describe('Only details of this vehicle'),
  outcome: detailFields.outcome.optional(),
  action: detailFields.action.optional(),
  kind: detailFields.kind.optional(),
}).refine((query) => !query.from || !query.to || query.from <= query.to, {
  path: ['from'],
  message: 'from must not be after to',
});

export const DetailResponseSchema = DetailSchema.omit({ exportId: true }).meta({ id: 'Detail' });
export const DetailListSchema = pageOf(DetailResponseSchema);

export const JobResponseSchema = JobSchema.pick({
  jobId: true,
  kind: true,
  state: true,
  total: true,
  done: true,
  failed: true,
  startedAt: true,
  finishedAt: true,
}).meta({ id: 'Job' });

const tag = 'Export control';

export const exportControlOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/exports/{exportId}/details',
    operationId: 'listExportDetails',
    summary:
      'Transmission details of the last 5 days, newest first. Filters narrow what is read, so a ' +
      'page can hold fewer than `limit` items (even none) while `nextCursor` is not null: follow ' +
      'it until it is null.',
    tag,
    auth: 'jwt',
    query: DetailsQuerySchema,
    responses: { 200: { description: 'A page of details', schema: DetailListSchema } },
    errors: { 404: ['NOT_FOUND'], 422: ['VALIDATION_FAILED', 'INVALID_CURSOR'] },
  },
  {
    method: 'GET',
    path: '/v1/exports/{exportId}/jobs/{jobId}',
    operationId: 'getExportJob',
    summary: 'A job of the export (match, full transfer, feed run) with its progress',
    tag,
    auth: 'jwt',
    responses: { 200: { description: 'The job', schema: JobResponseSchema } },
    errors: { 404: ['NOT_FOUND'] },
  },
];
