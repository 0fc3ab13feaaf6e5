import type { categories, fuels, gearboxes } from '../../../domain/vehicle';

/**
 * Canonical values → mobile.de refdata keys (platforms.md §1.5). Enum tables are total over the
 * canonical enums (the compiler checks it); makes and colours are open text in our vehicle and
 * are looked up by a normalised name.
 */
export const categoryKeys: Readonly<Record<(typeof categories)[number], string>> = {
  small: 'SmallCar',
  limousine: 'Limousine',
  estate: 'EstateCar',
  cabrio: 'Cabrio',
  sports: 'SportsCar',
  suv: 'OffRoad',
  van: 'Van',
  // [INFERRED] §1.5: "OtherCar" is the eighth category no source names.
  other: 'OtherCar',
};

export const fuelKeys: Readonly<Record<(typeof fuels)[number], string>> = {
  petrol: 'PETROL',
  diesel: 'DIESEL',
  electric: 'ELECTRICITY',
  'hybrid-petrol': 'HYBRID',
  'hybrid-diesel': 'HYBRID_DIESEL',
  lpg: 'LPG',
  cng: 'CNG',
  hydrogen: 'HYDROGENIUM',
  other: 'OTHER',
};

export const gearboxKeys: Readonly<Record<(typeof gearboxes)[number], string>> = {
  manual: 'MANUAL_GEAR',
  'semi-automatic': 'SEMIAUTOMATIC_GEAR',
  automatic: 'AUTOMATIC_GEAR',
};

/**
 * Make keys (§1.5: "VW", "BMW", "AUDI", "ALFA ROMEO", "SKODA"; the rest follow the same pattern:
 * the upper-case name). A snapshot to be replaced by `/refdata/classes/Car/makes` (§1.4 #8).
 */
// prettier-ignore
const makeKeys = [
  'ALFA ROMEO', 'ASTON MARTIN', 'AUDI', 'BENTLEY', 'BMW', 'BYD', 'CADILLAC', 'CHEVROLET', 'CHRYSLER',
  'CITROEN', 'CUPRA', 'DACIA', 'DAEWOO', 'DAIHATSU', 'DODGE', 'DS AUTOMOBILES', 'FERRARI', 'FIAT', 'FORD',
  'HONDA', 'HYUNDAI', 'INFINITI', 'ISUZU', 'IVECO', 'JAGUAR', 'JEEP', 'KIA', 'LADA', 'LAMBORGHINI', 'LANCIA',
  'LAND ROVER', 'LEXUS', 'MASERATI', 'MAZDA', 'MERCEDES-BENZ', 'MG', 'MINI', 'MITSUBISHI', 'NISSAN', 'OPEL',
  'PEUGEOT', 'POLESTAR', 'PORSCHE', 'RENAULT', 'ROLLS-ROYCE', 'SAAB', 'SEAT', 'SKODA', 'SMART', 'SSANGYONG',
  'SUBARU', 'SUZUKI', 'TESLA', 'TOYOTA', 'VOLVO', 'VW',
] as const;

/** Names that differ from their key beyond case and accents. */
const makeAliases: Readonly<Record<string, string>> = {
  VOLKSWAGEN: 'VW',
  MERCEDES: 'MERCEDES-BENZ',
  'MERCEDES BENZ': 'MERCEDES-BENZ',
  DS: 'DS AUTOMOBILES',
  LANDROVER: 'LAND ROVER',
  'ROLLS ROYCE': 'ROLLS-ROYCE',
  'SSANG YONG': 'SSANGYONG',
};

/** The refdata key of a make name ('Volkswagen' → 'VW', 'Škoda' → 'SKODA'), or undefined. */
export function makeKey(name: string): string | undefined {
  const normal = normalise(name).toUpperCase();
  const key = makeAliases[normal] ?? normal;
  return (makeKeys as readonly string[]).includes(key) ? key : undefined;
}

/** §1.5 exteriorColor enum; English and German names. Unknown colours are omitted, not guessed. */
// prettier-ignore
const colourKeys: Readonly<Record<string, string>> = {
  black: 'BLACK', schwarz: 'BLACK',
  grey: 'GREY', gray: 'GREY', grau: 'GREY', anthracite: 'GREY', anthrazit: 'GREY',
  beige: 'BEIGE',
  brown: 'BROWN', braun: 'BROWN',
  red: 'RED', rot: 'RED',
  green: 'GREEN', grun: 'GREEN', gruen: 'GREEN',
  blue: 'BLUE', blau: 'BLUE',
  purple: 'PURPLE', violet: 'PURPLE', violett: 'PURPLE', lila: 'PURPLE',
  gold: 'GOLD',
  white: 'WHITE', weiss: 'WHITE',
  orange: 'ORANGE',
  silver: 'SILVER', silber: 'SILVER',
  yellow: 'YELLOW', gelb: 'YELLOW',
};

export function colourKey(name: string): string | undefined {
  return colourKeys[normalise(name).toLowerCase().replaceAll('ß', 'ss')];
}

/**
 * Canonical equipment names → mobile.de's flat boolean fields (§1.5 "equipment booleans",
 * C-RELLER FEATURE_MAP). Our equipment list is open text; names not here are not sent.
 */
export const equipmentFields: Readonly<Record<string, string>> = {
  abs: 'abs',
  esp: 'esp',
  'alloy-wheels': 'alloyWheels',
  navigation: 'navigationSystem',
  'navigation-system': 'navigationSystem',
  bluetooth: 'bluetooth',
  carplay: 'carplay',
  'android-auto': 'androidAuto',
  'central-locking': 'centralLocking',
  'electric-windows': 'electricWindows',
  isofix: 'isofix',
  sunroof: 'sunroof',
  'panoramic-roof': 'panoramicGlassRoof',
  'start-stop': 'startStopSystem',
  'lane-departure-warning': 'laneDepartureWarning',
};

/** Accents off (Š → S, ö → o), spaces collapsed, trimmed. */
function normalise(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
