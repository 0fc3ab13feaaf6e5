import * as z from 'zod';
import type { ListingMessage } from '../../../domain/listing';
import { ListingRejectedError, PlatformUnavailableError } from '../../../domain/errors';
import { retryAfterSeconds } from '../platform-http';
import type { WebhookAnswer } from './transport';

const MAX_MESSAGES = 20;
const MAX_TEXT = 500;

/**
 * What the receiver's answer means (README.md "Answers"). Returns the warnings of an accepted
 * delivery; throws PlatformUnavailableError (retry) or ListingRejectedError (record, no retry).
 */
export function interpretAnswer(
  answer: WebhookAnswer,
  action: 'upsert' | 'remove',
  host: string,
): readonly ListingMessage[] {
  const { status } = answer;
  if (status >= 200 && status < 300) return warningsOf(answer.text);
  if (status === 410 && action === 'remove') return [];
  if (status === 408 || status === 429 || status >= 500) {
    throw new PlatformUnavailableError(
      `The webhook receiver at ${host} answered HTTP ${status}. Try again later.`,
      retryAfterSeconds(answer.headers),
    );
  }
  if (status >= 300 && status < 400) {
    // Following it would skip the SSRF guard, and a moved endpoint stays moved: the URL needs editing.
    const text = `The webhook receiver at ${host} redirects (HTTP ${status}); put the final URL into the app.`;
    throw new ListingRejectedError(text, [{ severity: 'error', code: 'WEBHOOK_REDIRECT', text }]);
  }
  if (status === 400 || status === 422) {
    const texts = errorTexts(answer.text);
    const messages = (texts.length > 0 ? texts : [`HTTP ${status} without a reason`]).map((text) => ({
      severity: 'error' as const,
      code: 'WEBHOOK_REJECTED',
      text,
    }));
    throw new ListingRejectedError(`The webhook receiver at ${host} rejected the vehicle.`, messages);
  }
  // 401, 403, 404, ...: the receiver's configuration; retrying the same request cannot change it.
  const text = `The webhook receiver at ${host} refused the delivery (HTTP ${status}).`;
  throw new ListingRejectedError(text, [{ severity: 'error', code: 'WEBHOOK_REFUSED', text }]);
}

const TextSchema = z.string().trim().min(1);
const WarningSchema = z.union([
  TextSchema,
  z.object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    text: TextSchema,
  }),
  z.object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    message: TextSchema,
  }),
]);
const AcceptedSchema = z.object({ warnings: z.array(z.unknown()) });

/** `{"warnings": ["…" | {"code"?, "text" | "message"}]}`; any other body is fine and ignored. */
function warningsOf(text: string): readonly ListingMessage[] {
  const accepted = AcceptedSchema.safeParse(parseJson(text));
  if (!accepted.success) return [];
  return accepted.data.warnings.slice(0, MAX_MESSAGES).flatMap((item) => {
    const warning = WarningSchema.safeParse(item);
    if (!warning.success) return [];
    const value = warning.data;
    if (typeof value === 'string')
      return [{ severity: 'warning', code: 'WEBHOOK_WARNING', text: bound(value) }];
    const body = 'text' in value ? value.text : value.message;
    return [{ severity: 'warning', code: value.code ?? 'WEBHOOK_WARNING', text: bound(body) }];
  });
}

const ProblemSchema = z.object({
  errors: z.array(z.unknown()).optional(),
  detail: TextSchema.optional(),
  message: TextSchema.optional(),
  error: TextSchema.optional(),
  title: TextSchema.optional(),
});
const ItemSchema = z.union([TextSchema, z.object({ message: TextSchema }), z.object({ text: TextSchema })]);

/**
 * The reasons in a rejection: `errors[]` (strings or `{message}`), else `detail`, `message`,
 * `error` or `title` (problem+json and the usual frameworks), else the body as plain text.
 */
function errorTexts(text: string): readonly string[] {
  const json = parseJson(text);
  const problem = ProblemSchema.safeParse(json);
  if (problem.success) {
    const items = (problem.data.errors ?? []).flatMap((item) => {
      const parsed = ItemSchema.safeParse(item);
      if (!parsed.success) return [];
      return [
        typeof parsed.data === 'string'
          ? parsed.data
          : 'message' in parsed.data
            ? parsed.data.message
            : parsed.data.text,
      ];
    });
    const { detail, message, error, title } = problem.data;
    const single = detail ?? message ?? error ?? title;
    const texts = items.length > 0 ? items : single ? [single] : [];
    return texts.slice(0, MAX_MESSAGES).map(bound);
  }
  const plain = typeof json === 'string' ? json : json === undefined ? text : '';
  return plain.trim() ? [bound(plain)] : [];
}

function bound(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_TEXT ? oneLine : `${oneLine.slice(0, MAX_TEXT - 1)}…`;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
