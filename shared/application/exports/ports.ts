import type { Detail } from '../../domain/detail';
import type { Export } from '../../domain/export';
import type { ApiPlatform } from '../../domain/provider-registration';

/** Ports of the activation and export use cases. Adapters implement them. */

export type ProviderAccessState = 'linked' | 'missing';

/** Asks a platform whether it lists us as data service provider for a dealer's account there. */
export interface ProviderAccess {
  /**
   * 'missing' when the platform answers but does not list the account for our credentials.
   * Throws PlatformUnavailableError when the platform cannot be asked: our credentials refused
   * (401/403), a timeout, 429, 5xx, a network error or an answer that does not parse.
   */
  verifyAccess(platform: ApiPlatform, accountId: string): Promise<ProviderAccessState>;
}

export interface ExportPageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export interface ExportPage {
  readonly items: readonly Export[];
  readonly nextCursor: string | null;
}

/** 'already-active': the dealer has a non-inactive export of the app; 'app-gone': the custom app was deleted. */
export type CreateExportOutcome = 'created' | 'already-active' | 'app-gone';

/** Where exports live, with one activation guard per (dealer, app) while an export is not inactive. */
export interface ExportStore {
  /** The export that holds the app's activation for the dealer, if any. */
  activeExportId(dealerId: string, appId: string): Promise<string | undefined>;
  /**
   * Stores the export together with the app's activation guard, atomically. With `customApp`
   * the write also requires the dealer's custom app to still exist.
   */
  createExport(exp: Export, options: { readonly customApp: boolean }): Promise<CreateExportOutcome>;
  getExport(dealerId: string, exportId: string): Promise<Export | undefined>;
  /** Newest first. A cursor from another dealer's list is refused (422 INVALID_CURSOR). */
  listExports(dealerId: string, page: ExportPageRequest): Promise<ExportPage>;
  /** Stores new (sealed) settings; undefined when the export is inactive or gone by now. */
  replaceSettings(
    exp: Export,
    change: {
      readonly settings: Record<string, unknown>;
      readonly secretPaths: readonly string[];
      readonly at: Date;
    },
  ): Promise<Export | undefined>;
  /** Marks the export inactive and frees the app's activation; undefined when it already was. */
  deactivate(
    exp: Export,
    change: { readonly removeListings: boolean; readonly at: Date },
  ): Promise<Export | undefined>;
}

/** One page of an export's details: newest first, bounds inclusive, filters all optional. */
export interface DetailQuery {
  readonly exportId: string;
  readonly from: Date;
  /** Absent: no upper bound (a detail written by a worker whose clock runs ahead still shows). */
  readonly to?: Date;
  /** Details that expired by then are skipped, whether or not TTL has deleted them yet. */
  readonly now: Date;
  readonly vehicleId?: string;
  readonly outcome?: Detail['outcome'];
  readonly action?: Detail['action'];
  readonly kind?: Detail['kind'];
  readonly limit: number;
  readonly cursor?: string;
}

export interface DetailPage {
  readonly items: readonly Detail[];
  /** Not null while more may follow, even after a short (or empty) page. */
  readonly nextCursor: string | null;
}

/** Reads the transmission details of exports. A cursor of another list is refused (INVALID_CURSOR). */
export interface DetailReader {
  listDetails(query: DetailQuery): Promise<DetailPage>;
}
