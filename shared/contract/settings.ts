import { DealerSettingsSchema } from '../domain/dealer-settings';
import type { Operation } from './operation';

export const settingsOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/settings',
    operationId: 'getSettings',
    summary: "The dealer's import/export preferences (the defaults until saved)",
    tag: 'Settings',
    auth: 'jwt',
    responses: { 200: { description: 'The settings', schema: DealerSettingsSchema } },
  },
  {
    method: 'PUT',
    path: '/v1/settings',
    operationId: 'putSettings',
    summary: "Replaces the dealer's import/export preferences (full document)",
    tag: 'Settings',
    auth: 'jwt',
    body: [{ mediaType: 'application/json', schema: DealerSettingsSchema }],
    responses: { 200: { description: 'The settings as saved', schema: DealerSettingsSchema } },
    errors: { 422: ['VALIDATION_FAILED'] },
  },
];
