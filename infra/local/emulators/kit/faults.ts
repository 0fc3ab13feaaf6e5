import * as z from 'zod';

/**
 * Failure injection for platform calls (never for `/_emulator/*`): a share of calls answered 429
 * or 503, and latency added to every call. Shares are probabilities per call.
 */
export const FaultSettingsSchema = z
  .strictObject({
    share429: z.number().min(0).max(1).default(0),
    share503: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  })
  .refine((faults) => faults.share429 + faults.share503 <= 1, 'share429 + share503 must not exceed 1');
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof FaultSettingsSchema>;

export const noFaults: FaultSettings = FaultSettingsSchema.parse({});

export class Faults {
  private settings: FaultSettings = noFaults;

  /** `random` is injectable so a test can make the draw deterministic. */
  constructor(private readonly random: () => number = Math.random) {}

  set(input: FaultSettingsInput): FaultSettings {
    this.settings = FaultSettingsSchema.parse(input);
    return this.settings;
  }

  current(): FaultSettings {
    return this.settings;
  }

  /** The status this call fails with, or undefined when it goes through. */
  draw(): 429 | 503 | undefined {
    const { share429, share503 } = this.settings;
    if (share429 === 0 && share503 === 0) return undefined;
    const roll = this.random();
    if (roll < share429) return 429;
    if (roll < share429 + share503) return 503;
    return undefined;
  }
}
