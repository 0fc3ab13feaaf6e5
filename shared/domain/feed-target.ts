import * as z from 'zod';
import { deliverySchema } from './custom-app-delivery';
import { ValidationError } from './errors';
import {
  HostKeySchema,
  HostSchema,
  PasswordSchema,
  PortSchema,
  RemotePathSchema,
  UsernameSchema,
} from './apps/settings-parts';
import { SECRET_MASK } from './secrets';

/**
 * Where a rendered feed goes: a file server (the file lands at `path`) or an HTTP endpoint (the
 * file is the request body). Secrets are in clear: a target exists only for the moment of a delivery.
 */
export interface FileServerTarget {
  readonly protocol: 'ftp' | 'ftps' | 'sftp';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Absolute path of the final file on the server. */
  readonly path: string;
  /** SFTP: the host key's SHA256 fingerprint the server must present (HostKeySchema). */
  readonly hostKey?: string;
}

export interface HttpTarget {
  readonly protocol: 'http';
  /** `https:` in AWS; plain `http:` only to loopback (custom-app-delivery.ts). */
  readonly url: string;
  readonly method: 'PUT' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
}

export type FeedTarget = FileServerTarget | HttpTarget;

const openedPassword = PasswordSchema.refine(
  (password) => password !== SECRET_MASK,
  'the password is masked: open the secrets before the delivery',
);

/** `delivery` of the mobile-de-csv settings (mobile-de-csv.ts), secrets opened. */
const MobileDeCsvDeliverySchema = z.strictObject({
  protocol: z.enum(['ftp', 'sftp']),
  host: HostSchema,
  port: PortSchema,
  username: UsernameSchema,
  password: openedPassword,
  path: RemotePathSchema,
  hostKey: HostKeySchema.optional(),
});

/**
 * `delivery` of a custom app, secrets opened: the dealer's input rules hold for opened values, so
 * the input schema is the one that fits (the stored one only checks that sealed values are present).
 */
const CustomAppDeliverySchema = deliverySchema('input').superRefine((delivery, context) => {
  if ((delivery.type === 'ftp' || delivery.type === 'sftp') && delivery.password === SECRET_MASK) {
    context.addIssue({ code: 'custom', path: ['password'], message: 'the password is masked' });
  }
  if (delivery.type === 'http' && Object.values(delivery.headers ?? {}).includes(SECRET_MASK)) {
    context.addIssue({ code: 'custom', path: ['headers'], message: 'a header value is masked' });
  }
});

export type MobileDeCsvDelivery = z.input<typeof MobileDeCsvDeliverySchema>;
export type CustomAppFeedDelivery = z.input<typeof CustomAppDeliverySchema>;

/**
 * The FeedTarget of a feed export's delivery settings: the mobile-de-csv app's `delivery`
 * (`protocol` key) or a custom app's `delivery` (`type` key). Parsed here, because it comes back
 * from storage as plain data: a webhook, a masked secret or a broken record is a ValidationError
 * (the export's configuration, not a passing failure). Neither schema offers FTPS yet; the target
 * type does, for when a setting for it exists.
 */
export function feedTargetOf(delivery: unknown): FeedTarget {
  if (delivery && typeof delivery === 'object' && 'protocol' in delivery) {
    const parsed = MobileDeCsvDeliverySchema.safeParse(delivery);
    if (!parsed.success) throw invalid(parsed.error);
    return { ...parsed.data };
  }
  const parsed = CustomAppDeliverySchema.safeParse(delivery);
  if (!parsed.success) throw invalid(parsed.error);
  const custom = parsed.data;
  switch (custom.type) {
    case 'ftp':
    case 'sftp':
      return {
        protocol: custom.type,
        host: custom.host,
        port: custom.port,
        username: custom.username,
        password: custom.password,
        path: custom.path,
        ...(custom.type === 'sftp' && custom.hostKey ? { hostKey: custom.hostKey } : {}),
      };
    case 'http':
      return { protocol: 'http', url: custom.url, method: custom.method, headers: { ...custom.headers } };
    case 'webhook':
      throw new ValidationError(
        'FEED_TARGET_INVALID',
        'A webhook app pushes single vehicles; it has no feed to deliver.',
        [{ path: 'delivery.type', message: 'ftp, sftp or http for a feed' }],
      );
  }
}

function invalid(error: z.ZodError): ValidationError {
  // The schemas' messages name rules, never the value: the value may be the password.
  const issues = error.issues.map((issue) => ({
    path: ['delivery', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return new ValidationError(
    'FEED_TARGET_INVALID',
    `The delivery settings of this feed cannot be used (${issues.map((issue) => issue.path).join(', ')}); save them again.`,
    issues,
  );
}
