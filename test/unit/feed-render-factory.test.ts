import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedRenderer } from '../../shared/application/feeds/feed-renderer';
import { feedRendererFor } from '../../shared/adapters/feeds/render/feed-renderer-for';
import { mobileDeApiApp } from '../../shared/domain/apps/mobile-de-api';
import { mobileDeCsvApp } from '../../shared/domain/apps/mobile-de-csv';
import { customAppOf } from '../../shared/domain/custom-app';
import { CustomAppDefinitionSchema } from '../../shared/domain/custom-app-definition';
import { ConflictError, ValidationError } from '../../shared/domain/errors';
import type { CustomApp } from '../../shared/domain/export-app';
import { aVehicle } from '../support/fakes';

const preferences = { contactEmail: null, maxImages: 2 };

function customApp(format: Record<string, unknown>, delivery?: Record<string, unknown>): CustomApp {
  const definition = CustomAppDefinitionSchema.parse({
    name: 'Own website',
    summary: 'Whole stock to our web agency',
    format,
    fields: [{ target: 'stock', source: { field: 'internalNumber' } }],
    delivery: delivery ?? { type: 'http', method: 'PUT', url: 'https://agency.example/in/stock' },
    ...(delivery ? {} : { schedule: { times: ['06:00'] } }),
  });
  return customAppOf({
    appId: 'app_1',
    dealerId: 'dlr_1',
    definition,
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
  });
}

async function text(renderer: FeedRenderer, encoding: string): Promise<string> {
  async function* one() {
    yield { vehicle: aVehicle({ internalNumber: 'STK-9' }), bookings: [] };
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of renderer.render(one())) chunks.push(chunk);
  return iconv.decode(Buffer.concat(chunks), encoding);
}

describe('feedRendererFor', () => {
  it('renders mobile-de-csv with the customer number of the export settings and the dealer image limit', async () => {
    const renderer = feedRendererFor(mobileDeCsvApp, { customerNumber: '12345', delivery: {} }, preferences);

    expect([renderer.contentType, renderer.fileExtension]).toEqual(['text/csv; charset=ISO-8859-15', 'csv']);
    const record = (await text(renderer, 'iso-8859-15')).split(';');
    expect(record.slice(0, 2)).toEqual(['"12345"', '"STK-9"']);
    expect(record).toHaveLength(230 + preferences.maxImages);
  });

  it('refuses mobile-de-csv settings without a customer number', () => {
    expect(() => feedRendererFor(mobileDeCsvApp, { customerNumber: 'abc' }, preferences)).toThrow(
      ValidationError,
    );
  });

  it.each<[Record<string, unknown>, string, string, string]>([
    [
      { type: 'csv', encoding: 'windows-1252' },
      'csv',
      'text/csv; charset=windows-1252',
      'stock\r\nSTK-9\r\n',
    ],
    [
      { type: 'xml', rootElement: 'bestand', itemElement: 'fahrzeug' },
      'xml',
      'application/xml; charset=UTF-8',
      '<?xml version="1.0" encoding="UTF-8"?><bestand><fahrzeug><stock>STK-9</stock></fahrzeug></bestand>',
    ],
    [{ type: 'json' }, 'json', 'application/json; charset=utf-8', '[{"stock":"STK-9"}]'],
  ])('renders a custom app with format %j', async (format, extension, contentType, expected) => {
    const renderer = feedRendererFor(customApp(format), {}, preferences);

    expect([renderer.fileExtension, renderer.contentType]).toEqual([extension, contentType]);
    expect(await text(renderer, 'utf-8')).toBe(expected);
  });

  it.each([
    ['an API app', mobileDeApiApp],
    [
      'a webhook app',
      customApp(
        { type: 'json' },
        { type: 'webhook', url: 'https://dms.example/hook', secret: 'a'.repeat(32) },
      ),
    ],
  ])('refuses %s: it has no feed file', (_name, app) => {
    expect(() => feedRendererFor(app, {}, preferences)).toThrow(ConflictError);
  });
});
