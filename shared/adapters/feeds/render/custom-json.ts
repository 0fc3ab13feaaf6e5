import type { FeedRenderer, FeedVehicle } from '../../../application/feeds/feed-renderer';
import { encodeInChunks } from './chunks';
import { mappedValues, type FieldMapping } from './field-values';

/** A custom app's JSON: one array, one object per vehicle keyed by the targets. */
export function customJsonRenderer(fields: readonly FieldMapping[]): FeedRenderer {
  async function* parts(vehicles: AsyncIterable<FeedVehicle>): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for await (const { vehicle } of vehicles) {
      yield (first ? '' : ',') + JSON.stringify(mappedValues(vehicle, fields));
      first = false;
    }
    yield ']';
  }
  const utf8 = new TextEncoder();
  return {
    contentType: 'application/json; charset=utf-8',
    fileExtension: 'json',
    // JSON.stringify escapes lone surrogates, so the text is always valid UTF-8.
    render: (vehicles) => encodeInChunks(parts(vehicles), (text) => utf8.encode(text)),
  };
}
