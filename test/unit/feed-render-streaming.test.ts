import { describe, expect, it } from 'vitest';
import type { FeedRenderer, FeedVehicle } from '../../shared/application/feeds/feed-renderer';
import { customCsvRenderer } from '../../shared/adapters/feeds/render/custom-csv';
import { customJsonRenderer } from '../../shared/adapters/feeds/render/custom-json';
import { customXmlRenderer } from '../../shared/adapters/feeds/render/custom-xml';
import type { FieldMapping } from '../../shared/adapters/feeds/render/field-values';
import { mobileDeCsvRenderer } from '../../shared/adapters/feeds/render/mobile-de-csv';
import { aVehicle } from '../support/fakes';

const TOTAL = 50_000;

const fields: FieldMapping[] = [
  { target: 'stock', source: { field: 'internalNumber' } },
  { target: 'title', source: { template: '{{make}} {{model}}' } },
];

const renderers: [string, FeedRenderer, (text: string) => number][] = [
  [
    'mobile.de CSV',
    mobileDeCsvRenderer({ customerNumber: '1', maxImages: 1 }),
    (text) => count(text, '\r\n'),
  ],
  [
    'custom CSV',
    customCsvRenderer({ type: 'csv', delimiter: ';', encoding: 'iso-8859-15', header: false }, fields),
    (text) => count(text, '\r\n'),
  ],
  [
    'custom XML',
    customXmlRenderer(
      { type: 'xml', rootElement: 'vehicles', itemElement: 'vehicle', encoding: 'utf-8' },
      fields,
    ),
    (text) => count(text, '</vehicle>'),
  ],
  ['custom JSON', customJsonRenderer(fields), (text) => (JSON.parse(text) as unknown[]).length],
];

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('feed renderers stream', () => {
  it.each(renderers)(
    '%s: yields the first chunk long before the last vehicle is read',
    async (_name, renderer, vehiclesIn) => {
      let pulled = 0;
      async function* stock(): AsyncGenerator<FeedVehicle> {
        for (let n = 1; n <= TOTAL; n++) {
          pulled = n;
          yield { vehicle: aVehicle({ internalNumber: `STK-${n}`, vehicleId: `veh_${n}` }), bookings: [] };
        }
      }

      const chunks = renderer.render(stock())[Symbol.asyncIterator]();
      const first = await chunks.next();
      const pulledAtFirstChunk = pulled;
      const rest: Uint8Array[] = [];
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest.push(next.value);

      expect(first.done).toBe(false);
      expect(pulledAtFirstChunk).toBeLessThan(TOTAL);
      expect(rest.length).toBeGreaterThan(1);
      expect(vehiclesIn(Buffer.concat([first.value as Uint8Array, ...rest]).toString('latin1'))).toBe(TOTAL);
    },
  );
});
