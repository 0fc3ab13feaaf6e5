import * as z from 'zod';
import { VehicleSchema, type Vehicle } from './vehicle';

/**
 * The vehicle fields a custom app can map, as dotted paths, derived from VehicleSchema so a new
 * vehicle field is mappable without touching this file. Nested objects give their leaves
 * (`price.gross`); a list of objects gives its fields as lists (`images.url` = every image URL);
 * records (per-export releases) are internal and left out.
 */
function leafPaths(schema: z.ZodType, prefix: string): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return leafPaths(schema.unwrap() as z.ZodType, prefix);
  }
  if (schema instanceof z.ZodIntersection) {
    return [
      ...leafPaths(schema.def.left as z.ZodType, prefix),
      ...leafPaths(schema.def.right as z.ZodType, prefix),
    ];
  }
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape).flatMap(([key, inner]) =>
      leafPaths(inner as z.ZodType, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType;
    return element instanceof z.ZodObject ? leafPaths(element, prefix) : [prefix];
  }
  if (schema instanceof z.ZodRecord) return [];
  return [prefix];
}

export const vehicleFieldPaths: readonly string[] = [...new Set(leafPaths(VehicleSchema, ''))];

const known = new Set(vehicleFieldPaths);

export function isVehicleField(path: string): boolean {
  return known.has(path);
}

export type VehicleFieldValue =
  string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** The value at a field path; through a list, the list of the values inside it. */
export function readVehicleField(vehicle: Vehicle, path: string): VehicleFieldValue {
  let current: unknown = vehicle;
  for (const key of path.split('.')) {
    if (Array.isArray(current)) {
      current = current.map((item: unknown) =>
        item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined,
      );
    } else if (current && typeof current === 'object') {
      current = (current as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  if (current === null || current === undefined) return undefined;
  return current as VehicleFieldValue;
}

/** `{{make}}`, `{{ price.gross }}`: the placeholders of a template, in order. */
const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1]!);
}

/** Text left over after the placeholders: a stray `{{` or `}}` is a typo, not literal text. */
export function hasUnbalancedBraces(template: string): boolean {
  const rest = template.replace(placeholder, '');
  return rest.includes('{{') || rest.includes('}}');
}

/** Fills a template; lists are joined with ", ", absent values give an empty string. */
export function renderTemplate(template: string, vehicle: Vehicle): string {
  return template.replace(placeholder, (_match, path: string) => {
    const value = readVehicleField(vehicle, path);
    if (value === undefined) return '';
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
