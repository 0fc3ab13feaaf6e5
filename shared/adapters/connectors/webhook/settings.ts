import * as z from 'zod';
import { ListingRejectedError } from '../../../domain/errors';

/**
 * The part of a custom app's definition (opened: the secret in clear) that the webhook connector
 * reads. The definition was validated when the dealer saved it; this parse guards the boundary
 * between the stored export and the connector, so a sealed or masked secret cannot sign anything.
 */
const FieldSourceSchema = z.union([
  z.strictObject({ field: z.string() }),
  z.strictObject({ template: z.string() }),
  z.strictObject({ constant: z.string() }),
]);
export type WebhookFieldSource = z.infer<typeof FieldSourceSchema>;

const FieldMappingSchema = z.object({ target: z.string().min(1), source: FieldSourceSchema });
export type WebhookFieldMapping = z.infer<typeof FieldMappingSchema>;

const WebhookDeliverySchema = z.object({
  type: z.literal('webhook'),
  url: z.string().refine((url) => URL.canParse(url), 'an absolute URL'),
  secret: z.string().min(16),
});

export const WebhookAppSettingsSchema = z.object({
  delivery: WebhookDeliverySchema,
  fields: z.array(FieldMappingSchema).default([]),
});
export type WebhookAppSettings = z.infer<typeof WebhookAppSettingsSchema>;

/** The mapping of the settings; an unreadable one is the app's fault, so it is recorded, not retried. */
export function parseWebhookFields(settings: unknown): readonly WebhookFieldMapping[] {
  return parse(WebhookAppSettingsSchema.pick({ fields: true }), settings).fields;
}

export function parseWebhookSettings(settings: unknown): WebhookAppSettings {
  return parse(WebhookAppSettingsSchema, settings);
}

function parse<Schema extends z.ZodType>(schema: Schema, settings: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  throw new ListingRejectedError('The webhook app definition is incomplete.', [
    {
      severity: 'error',
      code: 'WEBHOOK_SETTINGS_INVALID',
      text: `The webhook app definition cannot be used (${where}); edit and save the app again.`,
    },
  ]);
}
