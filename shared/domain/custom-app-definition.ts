import * as z from 'zod';
import { deliverySchema, type DefinitionMode } from './custom-app-delivery';
import { FeedScheduleSchema } from './feed-schedule';
import {
  hasUnbalancedBraces,
  isVehicleField,
  templatePlaceholders,
  vehicleFieldPaths,
} from './vehicle-fields';
import { VehicleFilterSchema } from './vehicle-filter';

/**
 * What a dealer defines in the export app configurator (API.md "Settings of the built-in apps"):
 * a file format with a field mapping, an optional filter, a delivery and, for files, a schedule.
 */
export const encodings = ['utf-8', 'iso-8859-15', 'windows-1252'] as const;

const noControlCharacters = /^[^\p{Cc}]*$/u;
// XML 1.0 names without namespaces; names starting with "xml" are reserved.
const xmlNamePattern = /^(?![Xx][Mm][Ll])[A-Za-z_][A-Za-z0-9._-]*$/;
const xmlName = z.string().max(100).regex(xmlNamePattern, 'an XML element name, e.g. "vehicle"');

const CsvFormatSchema = z.strictObject({
  type: z.literal('csv'),
  delimiter: z
    .string()
    .length(1, 'one character, e.g. ";" or ","')
    .refine((char) => !'"\r\n'.includes(char), 'not a quote or a line break')
    .default(';'),
  encoding: z.enum(encodings).default('utf-8'),
  header: z.boolean().default(true).describe('First line names the columns'),
});

const XmlFormatSchema = z.strictObject({
  type: z.literal('xml'),
  rootElement: xmlName.default('vehicles'),
  itemElement: xmlName.default('vehicle'),
  encoding: z.enum(encodings).default('utf-8'),
});

const JsonFormatSchema = z.strictObject({ type: z.literal('json') });

const FormatSchema = z.discriminatedUnion('type', [CsvFormatSchema, XmlFormatSchema, JsonFormatSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'type must be "csv", "xml" or "json"' : undefined),
});

// A refinement, not z.enum: a union reports a refinement's message at the field, but an enum
// failure only as "no option matched". The enum still goes into the JSON Schema for UIs.
const VehicleFieldSchema = z
  .string()
  .refine(isVehicleField, {
    error: (issue) =>
      `unknown vehicle field ${JSON.stringify(issue.input)}; one of: ${vehicleFieldPaths.join(', ')}`,
  })
  .meta({ enum: [...vehicleFieldPaths] });

const TemplateSchema = z
  .string()
  .min(1)
  .max(2000)
  .superRefine((template, context) => {
    if (hasUnbalancedBraces(template)) {
      context.addIssue({ code: 'custom', message: 'a "{{" or "}}" without its partner; write {{make}}' });
    }
    for (const name of templatePlaceholders(template)) {
      if (!isVehicleField(name)) {
        context.addIssue({
          code: 'custom',
          message: `{{${name}}} is not a vehicle field; one of: ${vehicleFieldPaths.join(', ')}`,
        });
      }
    }
  })
  .describe('Text with {{vehicle field}} placeholders, e.g. "{{make}} {{model}}"');

const FieldSourceSchema = z.union(
  [
    z.strictObject({ field: VehicleFieldSchema }),
    z.strictObject({ template: TemplateSchema }),
    z.strictObject({ constant: z.string().max(2000) }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'exactly one of {"field": "<vehicle field>"}, {"template": "{{make}} {{model}}"} or {"constant": "…"}'
        : undefined,
  },
);

const FieldMappingSchema = z.strictObject({
  target: z
    .string()
    .min(1)
    .max(100)
    .regex(noControlCharacters, 'no control characters')
    .describe('Column (CSV), element (XML) or key (JSON)'),
  source: FieldSourceSchema,
});

function definitionSchema(mode: DefinitionMode) {
  return z
    .strictObject({
      name: z.string().trim().min(1).max(80),
      summary: z.string().trim().min(1).max(300),
      description: z.string().trim().max(5000).optional(),
      format: FormatSchema,
      fields: z.array(FieldMappingSchema).min(1, 'map at least one field').max(300),
      filter: VehicleFilterSchema.optional(),
      delivery: deliverySchema(mode),
      schedule: FeedScheduleSchema.optional().describe('Required for ftp, sftp and http; not for webhook'),
    })
    .superRefine((definition, context) => {
      const seen = new Set<string>();
      definition.fields.forEach(({ target }, index) => {
        if (seen.has(target)) {
          context.addIssue({
            code: 'custom',
            path: ['fields', index, 'target'],
            message: `duplicate target "${target}"`,
          });
        }
        seen.add(target);
        if (definition.format.type === 'xml' && !xmlNamePattern.test(target)) {
          context.addIssue({
            code: 'custom',
            path: ['fields', index, 'target'],
            message: 'an XML element name, e.g. "make"',
          });
        }
      });
      const webhook = definition.delivery.type === 'webhook';
      if (webhook && definition.schedule) {
        context.addIssue({
          code: 'custom',
          path: ['schedule'],
          message: 'a webhook pushes single vehicles as they change: leave the schedule out',
        });
      }
      if (!webhook && !definition.schedule) {
        context.addIssue({
          code: 'custom',
          path: ['schedule'],
          message: 'required for ftp, sftp and http deliveries',
        });
      }
      if (webhook && definition.format.type === 'csv') {
        context.addIssue({
          code: 'custom',
          path: ['format', 'type'],
          message: 'a webhook sends one vehicle as "json" or "xml"',
        });
      }
    });
}

/** The body of `POST /v1/apps` and `PUT /v1/apps/{appId}`. */
export const CustomAppDefinitionSchema = definitionSchema('input');
/** A definition as read back from the table (secrets sealed). */
export const StoredCustomAppDefinitionSchema = definitionSchema('stored');
export type CustomAppDefinition = z.infer<typeof CustomAppDefinitionSchema>;
export type CustomAppDelivery = CustomAppDefinition['delivery'];
