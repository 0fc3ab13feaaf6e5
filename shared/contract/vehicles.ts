import * as z from 'zod';
import { VehicleInputSchema, VehicleSchema } from '../domain/vehicle';
import { ImportResultSchema, importModes } from '../domain/vehicle-import';
import { ListQuerySchema, pageOf } from './common';
import type { Operation } from './operation';

export const VehicleInputBodySchema = VehicleInputSchema.meta({ id: 'VehicleInput' });
export const VehicleResponseSchema = VehicleSchema.meta({ id: 'Vehicle' });

/** `PUT /v1/vehicles/{vehicleId}/releases`: only the exports named change. */
export const ReleasesBodySchema = z
  .record(z.string().min(1).max(100), z.boolean())
  .refine((releases) => Object.keys(releases).length > 0, 'name at least one export')
  .meta({
    id: 'Releases',
    description: '`{"<exportId>": true|false}`; exports not named keep their release',
  });

export const ImportQuerySchema = z.object({
  mode: z
    .enum(importModes)
    .default('upsert')
    .describe('`replace` also deletes every vehicle the file does not name'),
});

const tag = 'Vehicle stock';
const vehicle = { description: 'The vehicle', schema: VehicleResponseSchema };

export const vehicleOperations: readonly Operation[] = [
  {
    method: 'POST',
    path: '/v1/vehicles',
    operationId: 'createVehicle',
    summary: 'Adds a vehicle to the stock (released per the auto-release setting)',
    tag,
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: VehicleInputBodySchema }],
    responses: { 201: vehicle },
    errors: { 409: ['DUPLICATE_INTERNAL_NUMBER', 'IMPORT_RUNNING'], 422: ['VALIDATION_FAILED'] },
  },
  {
    method: 'GET',
    path: '/v1/vehicles',
    operationId: 'listVehicles',
    summary: "The dealer's vehicles, paged",
    tag,
    auth: 'jwt',
    query: ListQuerySchema,
    responses: { 200: { description: 'One page of vehicles', schema: pageOf(VehicleResponseSchema) } },
    errors: { 422: ['VALIDATION_FAILED', 'INVALID_CURSOR'] },
  },
  {
    method: 'GET',
    path: '/v1/vehicles/{vehicleId}',
    operationId: 'getVehicle',
    summary: 'One vehicle',
    tag,
    auth: 'jwt',
    responses: { 200: vehicle },
    errors: { 404: ['NOT_FOUND'] },
  },
  {
    method: 'PUT',
    path: '/v1/vehicles/{vehicleId}',
    operationId: 'replaceVehicle',
    summary: 'Replaces a vehicle (full document; the version goes up, releases are kept)',
    tag,
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: VehicleInputBodySchema }],
    responses: { 200: vehicle },
    errors: {
      404: ['NOT_FOUND'],
      409: ['DUPLICATE_INTERNAL_NUMBER', 'VERSION_CONFLICT', 'IMPORT_RUNNING'],
      422: ['VALIDATION_FAILED'],
    },
  },
  {
    method: 'DELETE',
    path: '/v1/vehicles/{vehicleId}',
    operationId: 'deleteVehicle',
    summary: 'Removes a vehicle from the stock (sold or gone); its listings are deleted',
    tag,
    auth: 'jwt',
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: ['NOT_FOUND'], 409: ['VERSION_CONFLICT', 'IMPORT_RUNNING'] },
  },
  {
    method: 'PUT',
    path: '/v1/vehicles/{vehicleId}/releases',
    operationId: 'setVehicleReleases',
    summary: 'Releases or unreleases a vehicle per export',
    tag,
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: ReleasesBodySchema }],
    responses: { 200: vehicle },
    errors: {
      404: ['NOT_FOUND'],
      409: ['VERSION_CONFLICT', 'IMPORT_RUNNING'],
      422: ['VALIDATION_FAILED', 'UNKNOWN_EXPORT'],
    },
  },
  {
    method: 'POST',
    path: '/v1/vehicles/import',
    operationId: 'importVehicles',
    summary: 'Imports a stock file (CSV or a JSON array of vehicles), matched by internal number',
    tag,
    auth: 'jwt',
    query: ImportQuerySchema,
    body: [
      {
        mediaType: 'text/csv',
        schema: z
          .string()
          .describe(
            'UTF-8 (BOM optional), `;` or `,`, a header row of canonical field names; nested fields as ' +
              'dotted columns (`price.gross`), lists `|`-separated (`images`: URLs). At most 10 MiB.',
          ),
      },
      { mediaType: 'application/json', schema: z.array(VehicleInputBodySchema) },
    ],
    responses: {
      200: {
        description: 'What the import did, with the lines it could not take',
        schema: ImportResultSchema,
      },
    },
    errors: {
      409: ['IMPORT_RUNNING'],
      413: ['BODY_TOO_LARGE'],
      422: ['VALIDATION_FAILED', 'IMPORT_EMPTY', 'IMPORT_INVALID_HEADER'],
    },
  },
];
