import * as z from 'zod';
import {
  HostKeySchema,
  HostSchema,
  PasswordSchema,
  PortSchema,
  RemotePathSchema,
  UsernameSchema,
} from './apps/settings-parts';
import { SECRET_MASK } from './secrets';

/** Where a custom app delivers: a file server (FTP, SFTP), an HTTP endpoint, or a webhook. */

const noControlCharacters = /^[^\p{Cc}]*$/u;

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const DeliveryUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an absolute https URL' })
  .max(2000)
  .superRefine((url, context) => {
    // Refinements run even after the format check failed: only look at what parses.
    if (!URL.canParse(url)) return;
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      context.addIssue({
        code: 'custom',
        message: 'no credentials in the URL: put them into a header, where they stay write-only',
      });
    }
    // Plain http only reaches a receiver on the same machine (local stack, tests).
    if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
      context.addIssue({ code: 'custom', message: 'https is required (http only for localhost)' });
    }
  });

const reservedHeaders = ['host', 'content-length', 'content-type', 'transfer-encoding', 'connection'];
const HeaderNameSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case header name, e.g. "authorization"')
  .refine((name) => !reservedHeaders.includes(name), 'set by the delivery itself');
// No CR/LF: a header value must not smuggle in further headers.
const HeaderValueSchema = z.string().max(2000).regex(noControlCharacters, 'no control characters');
const webhookSecretLength = 'between 16 and 200 characters: the HMAC-SHA256 signing key';
const WebhookSecretSchema = z.union(
  [z.literal(SECRET_MASK), z.string().min(16, webhookSecretLength).max(200, webhookSecretLength)],
  { error: webhookSecretLength },
);

/**
 * Secrets are length-checked as the dealer sends them (the mask passes: it keeps the stored one);
 * stored, they are sealed strings of another length, so only their presence is checked.
 */
export type DefinitionMode = 'input' | 'stored';

export function deliverySchema(mode: DefinitionMode) {
  const secret = (schema: z.ZodType<string>) =>
    mode === 'stored' ? z.string().min(1) : schema.meta({ writeOnly: true });
  return z.discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.enum(['ftp', 'sftp']),
        host: HostSchema,
        port: PortSchema,
        username: UsernameSchema,
        password: secret(PasswordSchema),
        path: RemotePathSchema,
        hostKey: HostKeySchema.optional(),
      }),
      z.strictObject({
        type: z.literal('http'),
        method: z.enum(['PUT', 'POST']),
        url: DeliveryUrlSchema,
        headers: z
          .record(HeaderNameSchema, secret(HeaderValueSchema), {
            error: (issue) =>
              issue.code === 'invalid_key'
                ? `header name: ${issue.issues.map((inner) => inner.message).join('; ')}`
                : undefined,
          })
          .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers')
          .optional()
          .describe('Header values are write-only, like passwords'),
      }),
      z.strictObject({
        type: z.literal('webhook'),
        url: DeliveryUrlSchema,
        secret: secret(WebhookSecretSchema),
      }),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' ? 'type must be "ftp", "sftp", "http" or "webhook"' : undefined,
    },
  );
}
