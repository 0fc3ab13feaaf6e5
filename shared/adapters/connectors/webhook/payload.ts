import { vehicleInputOf } from '../../../domain/vehicle-content';
import { readVehicleField, renderTemplate } from '../../../domain/vehicle-fields';
import type { Vehicle } from '../../../domain/vehicle';
import type { WebhookFieldMapping, WebhookFieldSource } from './settings';

export type WebhookValue = string | number | boolean | null | readonly WebhookValue[] | WebhookObject;
export interface WebhookObject {
  readonly [key: string]: WebhookValue;
}

/**
 * The `data` of a webhook: one key per mapped target, in the order of the mapping. An absent
 * vehicle field is `null`, so the receiver always sees the same keys. Without a mapping, the
 * dealer-supplied vehicle (no version, timestamps or releases: they change without the content
 * changing, and would make every save look like a change).
 */
export function toWebhookData(vehicle: Vehicle, fields: readonly WebhookFieldMapping[]): WebhookObject {
  if (fields.length === 0) return sortKeys(vehicleInputOf(vehicle)) as WebhookObject;
  // fromEntries defines own properties, so a target named "__proto__" stays a plain key.
  return Object.fromEntries(fields.map(({ target, source }) => [target, valueOf(vehicle, source)]));
}

function valueOf(vehicle: Vehicle, source: WebhookFieldSource): WebhookValue {
  if ('constant' in source) return source.constant;
  if ('template' in source) return renderTemplate(source.template, vehicle);
  return readVehicleField(vehicle, source.field) ?? null;
}

/** A copy with object keys sorted, so the JSON text does not depend on how the item was read back. */
function sortKeys(value: unknown): WebhookValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value as WebhookValue;
}
