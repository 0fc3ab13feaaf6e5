import { stringify } from 'csv-stringify/sync';
import type { FeedRenderer, FeedVehicle } from '../../../application/feeds/feed-renderer';
import { defaultDealerSettings } from '../../../domain/dealer-settings';
import { LINE_BREAK, adDescription } from '../../connectors/mobile-de/mapper';
import {
  categoryKeys,
  colourKey,
  equipmentFields,
  fuelKeys,
  gearboxKeys,
} from '../../connectors/mobile-de/reference-data';
import { encodeInChunks } from './chunks';
import { charsetNames, encode, transliterate } from './charset';

/**
 * mobile.de's classic CSV upload (platforms.md §2.2, §2.3); README.md in this folder says which
 * column holds what and how sure each choice is.
 */
export interface MobileDeCsvOptions {
  /** Column A: the dealer's mobile.de customer number (§2.1 "TSP customer reference"). */
  readonly customerNumber: string;
  /** Image URL columns after the basic format; default the dealer default image limit. */
  readonly maxImages?: number;
  /** "Anfragen an: <e-mail>" closes the description, as in the API export. */
  readonly contactEmail?: string | null;
}

/** §2.2 "a basic format of about 230 columns" [INFERRED]: later columns stay empty. */
export const BASIC_COLUMNS = 230;

const ENCODING = 'iso-8859-15';

// The whole record goes through csv-stringify: `quoted` puts every non-empty field in "…" with
// doubled quotes (§2.2 and the §2.3 example), empty fields stay bare `;;` positions.
const csvOptions = { delimiter: ';', quoted: true, record_delimiter: 'windows' } as const;

export function mobileDeCsvRenderer(options: MobileDeCsvOptions): FeedRenderer {
  const settings = { ...options, maxImages: options.maxImages ?? defaultDealerSettings.images.maxImages };
  return {
    contentType: `text/csv; charset=${charsetNames[ENCODING]}`,
    fileExtension: 'csv',
    render: (vehicles) => encodeInChunks(records(vehicles, settings), (text) => encode(text, ENCODING)),
  };
}

async function* records(
  vehicles: AsyncIterable<FeedVehicle>,
  options: MobileDeCsvOptions & { maxImages: number },
): AsyncGenerator<string> {
  for await (const vehicle of vehicles) {
    const cells = mobileDeCsvRow(vehicle, options).map((cell) =>
      cell === '' ? cell : mobileDeCsvText(cell),
    );
    yield stringify([cells], csvOptions);
  }
}

/**
 * A cell as mobile.de may read it: no line breaks or other control characters (§2.2: "no line
 * breaks inside fields"; each becomes a space), and only ISO-8859-15 characters.
 */
export function mobileDeCsvText(value: string): string {
  return transliterate(value.replace(/\r\n|[\p{Cc}\u2028\u2029]/gu, ' '), ENCODING);
}

/** Spreadsheet letters as in §2.3 → 0-based index ("A" → 0, "AA" → 26, "DF" → 109). */
function column(letters: string): number {
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

/** §1.5 colour values (reference-data) → the German names the §2.3 example writes ("Schwarz"). */
const colourNames: Readonly<Record<string, string>> = {
  BLACK: 'Schwarz',
  GREY: 'Grau',
  BEIGE: 'Beige',
  BROWN: 'Braun',
  RED: 'Rot',
  GREEN: 'Grün',
  BLUE: 'Blau',
  PURPLE: 'Violett',
  GOLD: 'Gold',
  WHITE: 'Weiß',
  ORANGE: 'Orange',
  SILVER: 'Silber',
  YELLOW: 'Gelb',
};

/** Seller-API equipment fields (reference-data `equipmentFields`) that have a §2.3 0/1 column. */
const equipmentColumns: Readonly<Record<string, string>> = {
  alloyWheels: 'AF',
  esp: 'AG',
  abs: 'AH',
  navigationSystem: 'AL',
  sunroof: 'AM',
  centralLocking: 'AN',
  electricWindows: 'AO',
};

/** mobile-de-csv `bookableFeatures` → their §2.3 0/1 columns. */
const bookingColumns: Readonly<Record<string, string>> = { EYE_CATCHER: 'DJ', PAGE_ONE_AD: 'DM' };

const flag = (value: boolean): string => (value ? '1' : '0');

/** The positional cells of one vehicle (not yet cleaned for the charset). */
export function mobileDeCsvRow(
  { vehicle, bookings }: FeedVehicle,
  options: MobileDeCsvOptions & { maxImages: number },
): string[] {
  const row = new Array<string>(BASIC_COLUMNS + options.maxImages).fill('');
  const set = (letters: string, value: string | number | undefined): void => {
    if (value !== undefined) row[column(letters)] = String(value);
  };
  const images = (vehicle.images ?? []).slice(0, options.maxImages);
  const colour = vehicle.exteriorColor === undefined ? undefined : colourKey(vehicle.exteriorColor);

  set('A', options.customerNumber);
  set('B', vehicle.internalNumber);
  set('C', `Car.${categoryKeys[vehicle.category]}`);
  set('D', vehicle.make);
  set('E', vehicle.model);
  set('F', vehicle.powerKw);
  set('I', vehicle.firstRegistration?.replace(/^(\d{4})-(\d{2})$/, '$2.$1'));
  set('J', vehicle.mileageKm);
  set('K', vehicle.price.gross.replace(/\.00$/, ''));
  set('L', flag(Boolean(vehicle.price.vatRate)));
  set('O', vehicle.vin);
  // Same rule as the API export: an unknown state is "no unrepaired damage".
  set('P', flag(vehicle.damageUnrepaired ?? false));
  set('Q', colour === undefined ? undefined : colourNames[colour]);
  set('V', flag(vehicle.condition === 'new'));
  set('Z', adDescription(vehicle.description, options.contactEmail ?? null)?.replaceAll(LINE_BREAK, ' '));
  set('AA', images.length > 0 ? vehicle.internalNumber : undefined);
  set('AC', vehicle.price.currency);
  set('AD', vehicle.price.vatRate ? String(Number(vehicle.price.vatRate)) : undefined);
  set('BA', vehicle.cubicCapacityCcm);
  set('DF', fuelKeys[vehicle.fuel]);
  set('DG', gearboxKeys[vehicle.gearbox]);
  for (const name of vehicle.equipment ?? []) {
    const letters = equipmentColumns[equipmentFields[name.trim().toLowerCase()] ?? ''];
    if (letters) set(letters, '1');
  }
  for (const [booking, letters] of Object.entries(bookingColumns))
    set(letters, flag(bookings.includes(booking)));
  images.forEach(({ url }, index) => (row[BASIC_COLUMNS + index] = url));
  return row;
}
