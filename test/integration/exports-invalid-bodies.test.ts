import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../shared/contract/common';
import { SECRET_MASK } from '../../shared/domain/secrets';
import { validSettings } from '../support/exports-fakes';
import { startExportsHarness, type ExportsAnswer, type ExportsHarness } from '../support/exports-harness';

/**
 * Thousands of invalid activation and settings bodies through the real handler: whatever arrives,
 * the answer is a 4xx problem+json with a stable code, never a 5xx, never a success.
 */
let harness: ExportsHarness;
const exportIds: Record<string, string> = {};

beforeAll(async () => {
  harness = await startExportsHarness();
  for (const [appId, settings] of Object.entries(validSettings)) {
    const answer = await harness.call('POST /v1/apps/{appId}/activation', {
      dealerId: 'p1',
      appId,
      body: { settings },
    });
    expect(answer.status).toBe(201);
    exportIds[appId] = (answer.body as { exportId: string }).exportId;
  }
});
afterAll(async () => {
  await harness?.stop();
});

const json = fc.jsonValue({ maxDepth: 3 });
const notAnObject = json.filter(
  (value) => value === null || typeof value !== 'object' || Array.isArray(value),
);
const known = fc.constantFrom(
  'sellerId',
  'customerId',
  'customerNumber',
  'delivery',
  'schedule',
  'lock',
  'descriptionFooter',
);

/** Settings no app accepts: every app's schema is strict, and each variant breaks it for sure. */
const invalidSettings = fc.oneof(
  notAnObject,
  // An unknown key.
  fc
    .tuple(fc.dictionary(fc.oneof(known, fc.string()), json, { maxKeys: 4 }), fc.string({ maxLength: 8 }))
    .map(([settings, key]) => ({ ...settings, [`unknown-${key}`]: true })),
  // Known keys with values of the wrong kind, or the mask where nothing secret is stored.
  fc.record({
    sellerId: fc.oneof(
      notAnObject.filter((value) => typeof value !== 'string'),
      fc.string().filter((s) => !/^\d{1,20}$/.test(s)),
    ),
    customerId: json,
  }),
  fc.record({
    customerNumber: fc.constantFrom('4711', 'x'),
    delivery: fc.record({ password: fc.constant(SECRET_MASK), protocol: fc.string(), port: json }),
    schedule: json,
  }),
);

/** Whole bodies: not JSON, JSON that is not an object, no settings, or invalid settings. */
const invalidBody = fc.oneof(
  fc
    .string()
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((rawBody) => ({ rawBody })),
  notAnObject.map((body) => ({ rawBody: JSON.stringify(body) })),
  fc
    .dictionary(
      fc.string().filter((key) => key !== 'settings'),
      json,
      { maxKeys: 3 },
    )
    .map((body) => ({ body })),
  fc.tuple(invalidSettings, fc.dictionary(fc.string(), json, { maxKeys: 2 })).map(([settings, extra]) => ({
    body: { ...extra, settings },
  })),
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json-patch+json',
      'application/json; charset=utf-8',
    ),
  },
);

function expectProblem(answer: ExportsAnswer): void {
  expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.contentType).toBe('application/problem+json');
  const problem = ProblemSchema.parse(answer.body);
  expect(problem.status).toBe(answer.status);
}

describe('invalid bodies through the exports handler', () => {
  it('activation: always a 4xx problem with a code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('mobile-de-api', 'autoscout24-api', 'mobile-de-csv', 'app_unknown', 'x'),
        fc.constantFrom('p1', 'p2'),
        invalidBody,
        contentType,
        async (appId, dealerId, body, type) => {
          expectProblem(
            await harness.call('POST /v1/apps/{appId}/activation', {
              dealerId,
              appId,
              contentType: type,
              ...body,
            }),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('settings update: always a 4xx problem with a code, and the stored settings untouched', async () => {
    const before = await harness.call('GET /v1/exports', { dealerId: 'p1' });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(validSettings)),
        fc.constantFrom('p1', 'p2'),
        invalidBody,
        contentType,
        async (appId, dealerId, body, type) => {
          expectProblem(
            await harness.call('PUT /v1/exports/{exportId}/settings', {
              dealerId,
              exportId: exportIds[appId]!,
              contentType: type,
              ...body,
            }),
          );
        },
      ),
      { numRuns: 1500 },
    );
    expect((await harness.call('GET /v1/exports', { dealerId: 'p1' })).text).toBe(before.text);
  });
});
