import * as z from 'zod';

/**
 * Settings pieces that several apps share: lock thresholds and the parts of a file delivery.
 * Built-in app settings and custom app definitions use the same rules for the same things.
 */

/**
 * API exports lock when, within `windowMinutes`, changes would remove at least `minShare` of the
 * listings and at least `minListings` of them (PRODUCT.md §8).
 */
export const LockSettingsSchema = z
  .strictObject({
    windowMinutes: z.number().int().min(5).max(1440).default(60).describe('Window of the burst, in minutes'),
    minShare: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.2)
      .describe('Share of the listings that must be about to go, 0.2 = 20 %'),
    minListings: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(5)
      .describe('Listings that must be about to go, at the least'),
  })
  .default({ windowMinutes: 60, minShare: 0.2, minListings: 5 })
  .describe('When the export locks itself instead of removing many listings at once');
export type LockSettings = z.infer<typeof LockSettingsSchema>;

/**
 * Feed exports lock when a run would deliver less than `minDeliveredShare` of the vehicles of the
 * last delivered run and at least `minDrop` vehicles fewer, or nothing after something (§8).
 */
export const FeedLockSettingsSchema = z
  .strictObject({
    minDeliveredShare: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.8)
      .describe('Share of the last run a run must still deliver, 0.8 = 80 %'),
    minDrop: z.number().int().min(1).max(10_000).default(5).describe('Vehicles fewer that count as a drop'),
  })
  .default({ minDeliveredShare: 0.8, minDrop: 5 })
  .describe('When the feed locks itself instead of delivering a much smaller stock');
export type FeedLockSettings = z.infer<typeof FeedLockSettingsSchema>;

const controlCharacters = /\p{Cc}/u;

export const HostSchema = z
  .string()
  .max(253)
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'a host name or IPv4 address without protocol or port, e.g. "ftp.example.com"',
  );

export const PortSchema = z.number().int().min(1).max(65_535);

export const UsernameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => !controlCharacters.test(value), 'no control characters');

/** Write-only: stored sealed, answered as the mask. The mask itself is 8 characters long. */
export const PasswordSchema = z.string().min(1).max(200);

export const RemotePathSchema = z
  .string()
  .max(500)
  .regex(/^\/[^\p{Cc}]*$/u, 'an absolute path on the server, e.g. "/upload/stock.csv"')
  .refine((path) => !path.split('/').includes('..'), 'no ".." segments');

/**
 * An SFTP server's host key fingerprint as `ssh-keygen -l -E sha256 -f <key>` prints it
 * ("SHA256:" and 43 characters of unpadded base64). When set, a server presenting another key is
 * refused before the password is sent.
 */
export const HostKeySchema = z
  .string()
  .regex(
    /^SHA256:[A-Za-z0-9+/]{43}$/,
    'the SHA256 fingerprint of the host key, e.g. "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"',
  )
  .describe("The SFTP server's host key fingerprint; when set, only that server gets the login");

/** A platform's id of the dealer: digits, kept as a string (ids grow; leading zeros count). */
export function digitsId(what: string) {
  return z.string().regex(/^\d{1,20}$/, `${what}: digits only, e.g. "12345678"`);
}

export const DescriptionFooterSchema = z
  .string()
  .max(2000)
  .optional()
  .describe('Text appended to every listing description, e.g. financing or warranty notes');
