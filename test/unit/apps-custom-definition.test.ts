import { describe, expect, it } from 'vitest';
import {
  customAppOf,
  definitionSecretPaths,
  keepDefinitionSecrets,
  type CustomAppRecord,
} from '../../shared/domain/custom-app';
import {
  CustomAppDefinitionSchema,
  type CustomAppDefinition,
} from '../../shared/domain/custom-app-definition';
import { ValidationError } from '../../shared/domain/errors';
import { settingsJsonSchema } from '../../shared/domain/export-app';
import { SECRET_MASK } from '../../shared/domain/secrets';
import { matchesFilter } from '../../shared/domain/vehicle-filter';
import { aVehicle } from '../support/fakes';

/** A CSV feed over SFTP: the configurator's most common app. */
function csvFeedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Own website',
    summary: 'Whole stock as CSV to our web agency',
    format: { type: 'csv', delimiter: ',', encoding: 'utf-8', header: true },
    fields: [
      { target: 'stock', source: { field: 'internalNumber' } },
      { target: 'title', source: { template: '{{make}} {{model}}' } },
      { target: 'price', source: { field: 'price.gross' } },
      { target: 'dealer', source: { constant: 'Autohaus Müller' } },
    ],
    delivery: {
      type: 'sftp',
      host: 'sftp.agency.example',
      port: 22,
      username: 'dealer',
      password: 'pa55word',
      path: '/in/stock.csv',
    },
    schedule: { times: ['06:00'] },
    ...overrides,
  };
}

const webhook = { type: 'webhook', url: 'https://dms.dealer.example/hooks/stock', secret: 'a'.repeat(32) };

function issuesOf(body: unknown) {
  const result = CustomAppDefinitionSchema.safeParse(body);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('custom app definition', () => {
  it.each<[string, Record<string, unknown>]>([
    ['CSV over SFTP', csvFeedBody()],
    [
      'XML over HTTP PUT with headers',
      csvFeedBody({
        format: { type: 'xml' },
        delivery: {
          type: 'http',
          method: 'PUT',
          url: 'https://feeds.example/x',
          headers: { authorization: 'Bearer t' },
        },
        filter: {
          conditions: ['used'],
          fuels: ['diesel'],
          minPriceGross: '1000.00',
          maxPriceGross: '90000.00',
        },
      }),
    ],
    [
      'JSON webhook without schedule',
      { ...csvFeedBody({ format: { type: 'json' }, delivery: webhook }), schedule: undefined },
    ],
    [
      'http to localhost (local stack)',
      csvFeedBody({ delivery: { type: 'http', method: 'POST', url: 'http://127.0.0.1:9000/in' } }),
    ],
  ])('accepts %s', (_name, body) => {
    expect(issuesOf(body)).toEqual([]);
  });

  it('fills format defaults', () => {
    const parsed = CustomAppDefinitionSchema.parse(csvFeedBody({ format: { type: 'csv' } }));
    expect(parsed.format).toEqual({ type: 'csv', delimiter: ';', encoding: 'utf-8', header: true });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'unknown field',
      csvFeedBody({ fields: [{ target: 'a', source: { field: 'mak' } }] }),
      'fields.0.source.field',
      /unknown vehicle field "mak"; one of: .*make/,
    ],
    [
      'unknown placeholder',
      csvFeedBody({ fields: [{ target: 'a', source: { template: '{{brand}}' } }] }),
      'fields.0.source.template',
      /\{\{brand\}\} is not a vehicle field/,
    ],
    [
      'unclosed placeholder',
      csvFeedBody({ fields: [{ target: 'a', source: { template: '{{make} x' } }] }),
      'fields.0.source.template',
      /without its partner/,
    ],
    [
      'two sources',
      csvFeedBody({ fields: [{ target: 'a', source: { field: 'make', constant: 'x' } }] }),
      'fields.0.source',
      /exactly one of/,
    ],
    ['no fields', csvFeedBody({ fields: [] }), 'fields', /at least one field/],
    [
      'duplicate target',
      csvFeedBody({
        fields: [
          { target: 'a', source: { field: 'make' } },
          { target: 'a', source: { field: 'model' } },
        ],
      }),
      'fields.1.target',
      /duplicate/,
    ],
    [
      'XML target not a name',
      csvFeedBody({ format: { type: 'xml' }, fields: [{ target: 'first name', source: { field: 'make' } }] }),
      'fields.0.target',
      /XML element name/,
    ],
    [
      'two-char delimiter',
      csvFeedBody({ format: { type: 'csv', delimiter: ';;' } }),
      'format.delimiter',
      /one character/,
    ],
    ['unknown format', csvFeedBody({ format: { type: 'yaml' } }), 'format.type', /"csv", "xml" or "json"/],
    [
      'unknown encoding',
      csvFeedBody({ format: { type: 'csv', encoding: 'latin1' } }),
      'format.encoding',
      /utf-8/,
    ],
    ['unknown key', csvFeedBody({ appId: 'app_1' }), '', /Unrecognized key/],
    [
      'file delivery without schedule',
      { ...csvFeedBody(), schedule: undefined },
      'schedule',
      /required for ftp, sftp and http/,
    ],
    [
      'webhook with schedule',
      csvFeedBody({ format: { type: 'json' }, delivery: webhook }),
      'schedule',
      /leave the schedule out/,
    ],
    [
      'webhook as CSV',
      { ...csvFeedBody({ delivery: webhook }), schedule: undefined },
      'format.type',
      /"json" or "xml"/,
    ],
    [
      'short webhook secret',
      {
        ...csvFeedBody({ format: { type: 'json' }, delivery: { ...webhook, secret: 'short' } }),
        schedule: undefined,
      },
      'delivery.secret',
      /16 and 200/,
    ],
    [
      'plain http to the internet',
      csvFeedBody({ delivery: { type: 'http', method: 'PUT', url: 'http://feeds.example/x' } }),
      'delivery.url',
      /https is required/,
    ],
    [
      // Found by the property test: the URL refinement must not run on what does not parse.
      'empty URL',
      csvFeedBody({ delivery: { type: 'http', method: 'PUT', url: '' } }),
      'delivery.url',
      /absolute https URL/,
    ],
    [
      'credentials in the URL',
      csvFeedBody({ delivery: { type: 'http', method: 'PUT', url: 'https://u:p@feeds.example/x' } }),
      'delivery.url',
      /no credentials in the URL/,
    ],
    [
      'upper-case header',
      csvFeedBody({
        delivery: { type: 'http', method: 'PUT', url: 'https://f.example', headers: { Authorization: 'x' } },
      }),
      'delivery.headers.Authorization',
      /lower-case/,
    ],
    [
      'header smuggling',
      csvFeedBody({
        delivery: {
          type: 'http',
          method: 'PUT',
          url: 'https://f.example',
          headers: { 'x-a': 'b\r\nx-c: d' },
        },
      }),
      'delivery.headers.x-a',
      /control/,
    ],
    [
      'host with protocol',
      csvFeedBody({ delivery: { ...(csvFeedBody().delivery as object), host: 'sftp://h.example' } }),
      'delivery.host',
      /without protocol/,
    ],
    [
      'relative path',
      csvFeedBody({ delivery: { ...(csvFeedBody().delivery as object), path: 'in/x.csv' } }),
      'delivery.path',
      /absolute path/,
    ],
    [
      'unknown delivery',
      csvFeedBody({ delivery: { type: 'scp' } }),
      'delivery.type',
      /"ftp", "sftp", "http" or "webhook"/,
    ],
    [
      'price range upside down',
      csvFeedBody({ filter: { minPriceGross: '9.00', maxPriceGross: '1.00' } }),
      'filter.maxPriceGross',
      /below minPriceGross/,
    ],
    [
      'unknown condition',
      csvFeedBody({ filter: { conditions: ['demo'] } }),
      'filter.conditions.0',
      /new|used/,
    ],
  ])('refuses %s with a message at the field', (_name, body, path, message) => {
    const issues = issuesOf(body);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('knows where its secrets are: password, webhook secret, every header value', () => {
    const definition = (overrides: Record<string, unknown>) =>
      CustomAppDefinitionSchema.parse(csvFeedBody(overrides));
    expect(definitionSecretPaths(definition({}))).toEqual(['delivery.password']);
    expect(
      definitionSecretPaths(
        definition({
          delivery: {
            type: 'http',
            method: 'PUT',
            url: 'https://f.example',
            headers: { authorization: 'a', 'x-key': 'b' },
          },
        }),
      ),
    ).toEqual(['delivery.headers.authorization', 'delivery.headers.x-key']);
  });

  it('becomes a feed or webhook app that takes no settings at activation', () => {
    const record: CustomAppRecord = {
      appId: 'app_1',
      dealerId: 'd1',
      definition: CustomAppDefinitionSchema.parse(csvFeedBody()),
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:00:00.000Z',
    };
    const app = customAppOf(record);
    expect(app).toMatchObject({ transport: 'feed', platform: null, builtIn: false, secretPaths: [] });
    expect(app.settingsSchema.safeParse({}).success).toBe(true);
    expect(app.settingsSchema.safeParse({ sellerId: '1' }).success).toBe(false);
    expect(settingsJsonSchema(app)).toMatchObject({ type: 'object', additionalProperties: false });
    const hook = customAppOf({
      ...record,
      definition: CustomAppDefinitionSchema.parse({
        ...csvFeedBody({ format: { type: 'json' }, delivery: webhook }),
        schedule: undefined,
      }),
    });
    expect(hook.transport).toBe('webhook');
  });
});

describe('secrets of a replaced definition', () => {
  const stored = CustomAppDefinitionSchema.parse(csvFeedBody());
  const incoming = (delivery: Record<string, unknown>): CustomAppDefinition =>
    CustomAppDefinitionSchema.parse(
      csvFeedBody({ delivery: { ...(csvFeedBody().delivery as object), ...delivery } }),
    );

  it('keeps the stored password when the mask comes back to the same server', () => {
    const merged = keepDefinitionSecrets(incoming({ password: SECRET_MASK, username: 'new' }), stored);
    expect(merged.delivery).toMatchObject({ username: 'new', password: 'pa55word' });
  });

  it('takes a new password as sent', () => {
    expect(keepDefinitionSecrets(incoming({ password: 'n3w' }), stored).delivery).toMatchObject({
      password: 'n3w',
    });
  });

  it('refuses the mask when the delivery goes to another host: the secret must not follow unasked', () => {
    expect(() =>
      keepDefinitionSecrets(incoming({ password: SECRET_MASK, host: 'evil.example' }), stored),
    ).toThrow(ValidationError);
  });

  it('refuses the mask when nothing is stored (a new app)', () => {
    expect(() => keepDefinitionSecrets(incoming({ password: SECRET_MASK }), undefined)).toThrow(
      ValidationError,
    );
  });
});

describe('vehicle filter', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['no criteria', {}, true],
    ['condition matches', { conditions: ['new'] }, true],
    ['condition differs', { conditions: ['used'] }, false],
    ['fuel and category match', { fuels: ['electric'], categories: ['suv'] }, true],
    ['price inside', { minPriceGross: '52900.00', maxPriceGross: '52900.00' }, true],
    ['price below minimum', { minPriceGross: '52900.01' }, false],
    ['price above maximum', { maxPriceGross: '9999.99' }, false],
  ])('%s', (_name, filter, expected) => {
    expect(matchesFilter(aVehicle(), filter)).toBe(expected);
  });
});
