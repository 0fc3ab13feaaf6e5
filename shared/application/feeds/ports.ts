import type { Export } from '../../domain/export';
import type { FeedDelivered } from '../../domain/feed-lock';
import type { FeedTarget } from '../../domain/feed-target';
import type { Vehicle } from '../../domain/vehicle';
import type { FeedRenderer } from './feed-renderer';

/** What a feed export renders and where it delivers, secrets opened. */
export interface ResolvedFeed {
  readonly renderer: FeedRenderer;
  readonly target: FeedTarget;
  /** A custom app's filter; the built-in feed takes every released vehicle. */
  readonly accepts: (vehicle: Vehicle) => boolean;
}

export interface FeedResolver {
  resolve(exp: Export): Promise<ResolvedFeed>;
}

/** A local file the rendered chunks go into before the delivery (Lambda: /tmp). */
export interface FeedSpool {
  write(chunks: AsyncIterable<Uint8Array>): Promise<{ path: string; bytes: number }>;
  discard(path: string): Promise<void>;
}

export interface FeedRunStore {
  /** Records a delivered file on the export (its counts become the export's stats). */
  recordDelivery(exp: Export, delivered: FeedDelivered): Promise<void>;
}
