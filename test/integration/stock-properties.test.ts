/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are read freely; the assertions check their shape */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns } from '../../shared/domain/vehicle-csv';
import { startStockHarness, type StockHarness, type StockRequest, type StockResponse } from './stock-harness';

/**
 * Thousands of invalid (and some accidentally valid) requests through the real handlers against
 * DynamoDB Local: never a 5xx, and every refusal is problem+json with a stable code.
 */
describe('stock routes under arbitrary input', () => {
  let harness: StockHarness;
  let vehicleId: string;
  beforeAll(async () => {
    harness = await startStockHarness();
    const created = await harness.call({ routeKey: 'POST /v1/vehicles', dealerId: 'd-prop', body: valid });
    vehicleId = (created.body as { vehicleId: string }).vehicleId;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const valid = {
    internalNumber: 'PROP-1',
    condition: 'new',
    category: 'suv',
    make: 'Kia',
    model: 'EV9',
    fuel: 'electric',
    gearbox: 'automatic',
    price: { gross: '69990.00', currency: 'EUR', vatRate: '19.00' },
  };
  const settings = {
    autoRelease: false,
    releaseDelayDays: 0,
    images: { maxImages: 30, publishOnlyOptimized: false },
    lockRecipients: [],
    contactEmail: null,
  };

  const assertWellFormed = (response: StockResponse, request: StockRequest) => {
    const context = JSON.stringify(request).slice(0, 500);
    expect(response.status, context).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.contentType, context).toBe('application/problem+json');
      expect(response.body, context).toMatchObject({ type: 'about:blank', status: response.status });
      expect(response.body.code, context).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  };

  /** A document with one field (possibly nested) replaced by anything, or dropped. */
  const mutated = (document: Record<string, unknown>) =>
    fc
      .tuple(
        fc.constantFrom(
          ...Object.keys(document),
          'price.gross',
          'price.vatRate',
          'images',
          'equipment',
          'extra',
        ),
        fc.option(fc.jsonValue(), { nil: undefined }),
      )
      .map(([path, value]) => {
        const copy = structuredClone(document) as Record<string, Record<string, unknown>>;
        const [head, nested] = path.split('.') as [string, string | undefined];
        if (nested && typeof copy[head] === 'object' && copy[head]) copy[head][nested] = value;
        else (copy as Record<string, unknown>)[head] = value;
        return JSON.stringify(copy);
      });
  const jsonBodies = (document: Record<string, unknown>) =>
    fc.oneof(
      mutated(document),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }),
    );
  const contentTypes = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('text/csv', 'text/plain', 'application/json; charset=utf-8', ''),
    },
  );

  const check = async (arbitrary: fc.Arbitrary<StockRequest>, numRuns: number) => {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        assertWellFormed(await harness.call(request), request);
      }),
      { numRuns },
    );
  };

  it('POST /v1/vehicles', async () => {
    await check(
      fc.record({
        routeKey: fc.constant('POST /v1/vehicles'),
        dealerId: fc.constant('d-prop'),
        body: jsonBodies(valid),
        contentType: contentTypes,
      }),
      1500,
    );
  });

  it('PUT /v1/vehicles/{vehicleId} and its releases', async () => {
    await check(
      fc.record({
        routeKey: fc.constantFrom('PUT /v1/vehicles/{vehicleId}', 'PUT /v1/vehicles/{vehicleId}/releases'),
        dealerId: fc.constantFrom('d-prop', 'd-stranger'),
        vehicleId: fc.oneof(fc.constant(vehicleId), fc.string({ minLength: 1, maxLength: 40 })),
        body: fc.oneof(
          jsonBodies(valid),
          fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.stringify(value)),
        ),
        contentType: contentTypes,
      }),
      800,
    );
  });

  it('GET /v1/vehicles with any query', async () => {
    await check(
      fc.record({
        routeKey: fc.constant('GET /v1/vehicles'),
        dealerId: fc.constant('d-prop'),
        query: fc.record(
          {
            limit: fc.oneof(fc.string(), fc.integer().map(String)),
            cursor: fc.oneof(fc.string(), fc.base64String()),
          },
          { requiredKeys: [] },
        ),
      }),
      500,
    );
  });

  it('PUT /v1/settings', async () => {
    await check(
      fc.record({
        routeKey: fc.constant('PUT /v1/settings'),
        dealerId: fc.constant('d-prop'),
        body: jsonBodies(settings),
        contentType: contentTypes,
      }),
      1000,
    );
  });

  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', '"', '""', ';', ',', '|', '\n', 'used', 'new', 'EUR', '19.00', '12.5', '-1', 'true'),
  );
  const csvText = fc
    .tuple(
      fc.subarray(Object.keys(csvColumns), { minLength: 1 }),
      fc.constantFrom(';', ','),
      fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 12 }),
      fc.boolean(),
    )
    .map(
      ([header, delimiter, rows, bom]) =>
        (bom ? '\uFEFF' : '') +
        [header.join(delimiter), ...rows.map((row) => row.join(delimiter))].join('\n'),
    );

  const importBodies = fc.oneof(
    fc.record({
      contentType: fc.constant('text/csv'),
      body: fc.oneof(csvText, fc.string({ maxLength: 300 })),
    }),
    fc.record({
      contentType: fc.constant('application/json'),
      body: fc.oneof(
        fc
          .array(
            fc.oneof(
              mutated(valid),
              fc.jsonValue().map((value) => JSON.stringify(value)),
            ),
            { maxLength: 8 },
          )
          .map((items) => `[${items.join(',')}]`),
        fc.jsonValue().map((value) => JSON.stringify(value)),
      ),
    }),
  );

  it('POST /v1/vehicles/import with CSV and JSON', async () => {
    await check(
      fc
        .tuple(importBodies, fc.constantFrom('upsert', 'replace', 'merge', undefined))
        .map(([{ contentType, body }, mode]) => ({
          routeKey: 'POST /v1/vehicles/import',
          dealerId: 'd-prop-import',
          contentType,
          body,
          ...(mode ? { query: { mode } } : {}),
        })),
      800,
    );
  });
});
