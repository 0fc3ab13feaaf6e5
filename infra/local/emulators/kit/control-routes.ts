import type * as z from 'zod';
import { FaultSettingsSchema, type Faults } from './faults';
import type { RequestLog } from './request-log';
import { jsonBody, route, type EmulatorRequest, type EmulatorResponse, type Route } from './router';

/**
 * The `/_emulator/*` routes every emulator has: the request log, fault settings and reset. The
 * platform adds its own state routes (sellers, customers) beside them.
 */
export function commonControlRoutes(options: {
  readonly log: RequestLog;
  readonly faults: Faults;
  readonly reset: () => void;
}): Route<void>[] {
  return [
    route('GET /_emulator/requests', () => ({ status: 200, body: { requests: options.log.list() } })),
    route('DELETE /_emulator/requests', () => {
      options.log.clear();
      return { status: 204 };
    }),
    route('GET /_emulator/faults', () => ({ status: 200, body: options.faults.current() })),
    route('POST /_emulator/faults', (request) => {
      const parsed = controlBody(request, FaultSettingsSchema);
      return parsed.ok ? { status: 200, body: options.faults.set(parsed.value) } : parsed.response;
    }),
    route('POST /_emulator/reset', () => {
      options.reset();
      return { status: 204 };
    }),
  ];
}

/** A control call's own 400 (not the platform's error shape: control calls are ours). */
export function invalid(message: string): EmulatorResponse {
  return { status: 400, headers: { 'content-type': 'application/json' }, body: { message } };
}

/** Parses a control body with its schema, or the 400 answer naming every bad field. */
export function controlBody<Schema extends z.ZodType>(
  request: EmulatorRequest,
  schema: Schema,
): { ok: true; value: z.infer<Schema> } | { ok: false; response: EmulatorResponse } {
  const parsed = schema.safeParse(jsonBody(request));
  if (parsed.success) return { ok: true, value: parsed.data };
  const text = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  return { ok: false, response: invalid(text) };
}
