import type { CustomAppDefinition } from '../../../domain/custom-app-definition';
import type { Vehicle } from '../../../domain/vehicle';
import { toWebhookData, type WebhookObject, type WebhookValue } from '../../connectors/webhook/payload';

export type FieldMapping = CustomAppDefinition['fields'][number];
export type FieldValue = WebhookValue;

/**
 * One value per mapped target, in the order of the mapping, by the same rules as a webhook's
 * `data` (absent field → null, list field → list), so a feed and a webhook of one definition
 * say the same thing.
 */
export function mappedValues(vehicle: Vehicle, fields: readonly FieldMapping[]): WebhookObject {
  return toWebhookData(vehicle, fields);
}

/** A value as one text cell: absent is empty, lists are `|`-separated as in the stock import CSV. */
export function cellText(value: FieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(cellText).join('|');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
