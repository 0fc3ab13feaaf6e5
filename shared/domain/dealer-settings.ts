import * as z from 'zod';

/**
 * The dealer's import/export preferences (API.md "Dealer settings"). PUT sends the full document;
 * unknown keys are refused so that a misspelt key cannot be silently ignored.
 */
export const DealerSettingsSchema = z
  .strictObject({
    /** New vehicles are released to every active export automatically. */
    autoRelease: z.boolean(),
    /** Days between creation and the automatic release (0: at once). */
    releaseDelayDays: z.number().int().min(0).max(365),
    images: z.strictObject({
      maxImages: z.number().int().min(1).max(100),
      publishOnlyOptimized: z.boolean(),
    }),
    /** Who is e-mailed when an export locks. */
    lockRecipients: z.array(z.email()).max(20),
    /** The address for customer requests that goes into every listing; absent means none. */
    contactEmail: z.email().nullable().default(null),
  })
  .meta({ id: 'DealerSettings' });
export type DealerSettings = z.infer<typeof DealerSettingsSchema>;

/** What a dealer that never saved settings gets. */
export const defaultDealerSettings: DealerSettings = {
  autoRelease: false,
  releaseDelayDays: 0,
  images: { maxImages: 30, publishOnlyOptimized: false },
  lockRecipients: [],
  contactEmail: null,
};
