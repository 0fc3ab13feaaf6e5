import type { Vehicle } from '../../../domain/vehicle';

/**
 * LCA-NG reference ids (platforms.md §3.2 `/makes`, `/references`; §3.3). The ids are the ones
 * C-2FAST-AS24MAP generated from the live `/makes` and `/references` (2026-08-26). A small table:
 * the full one comes from `GET /makes` (public) once the connector loads it (README "What's left").
 * Names are matched case- and accent-insensitively; Mercedes models are variants ("C 200").
 */
const makes: readonly (readonly [number, string, readonly (readonly [number, string])[]])[] = [
  [
    9,
    'Audi',
    [
      [1624, 'A3'],
      [1626, 'A4'],
      [1628, 'A6'],
      [19155, 'Q5'],
    ],
  ],
  [
    13,
    'BMW',
    [
      [18481, '118'],
      [1641, '320'],
      [16406, 'X5'],
    ],
  ],
  [
    47,
    'Mercedes-Benz',
    [
      [18486, 'A 180'],
      [1860, 'C 200'],
      [1863, 'E 220'],
    ],
  ],
  [54, 'Opel', [[1916, 'Astra']]],
  [
    65,
    'Skoda',
    [
      [15878, 'Fabia'],
      [15222, 'Octavia'],
      [16621, 'Superb'],
    ],
  ],
  [
    74,
    'Volkswagen',
    [
      [2084, 'Golf'],
      [2089, 'Passat'],
      [2090, 'Polo'],
      [19063, 'Tiguan'],
    ],
  ],
];

/** Other spellings dealers' systems use for a make. */
const makeAliases: Readonly<Record<string, string>> = {
  vw: 'volkswagen',
  mercedes: 'mercedes-benz',
  škoda: 'skoda',
};

export function normalName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[\s_-]+/g, ' ')
    .trim()
    .toLowerCase();
}

const makeIndex = new Map(
  makes.map(([id, name, models]) => [
    normalName(name),
    { id, models: new Map(models.map(([modelId, model]) => [normalName(model), modelId])) },
  ]),
);

/** `{make, model}` ids, `model` undefined when the make is known but the model is not. */
export function makeModelIds(make: string, model: string): { make: number; model?: number } | undefined {
  const key = normalName(make);
  const found = makeIndex.get(key) ?? makeIndex.get(normalName(makeAliases[key] ?? ''));
  if (!found) return undefined;
  const modelId = found.models.get(normalName(model));
  return modelId === undefined ? { make: found.id } : { make: found.id, model: modelId };
}

/** Make and model names of ids, as far as the table knows them (titles of listings read back). */
export function makeModelNames(
  makeId: number | undefined,
  modelId: number | undefined,
): { make?: string; model?: string } {
  const make = makes.find(([id]) => id === makeId);
  const model = make?.[2].find(([id]) => id === modelId);
  return { ...(make ? { make: make[1] } : {}), ...(model ? { model: model[1] } : {}) };
}

/** For the consistency test against the emulator's table. */
export function knownMakeModelIds(): readonly { make: number; models: readonly number[] }[] {
  return makes.map(([id, , models]) => ({ make: id, models: models.map(([modelId]) => modelId) }));
}

/** FuelCategory (`/references`): `2` hybrid (petrol), `3` hybrid (electric/diesel), `H` hydrogen, `O` others. */
export const fuelCategory: Readonly<Record<Vehicle['fuel'], string>> = {
  petrol: 'B',
  diesel: 'D',
  electric: 'E',
  'hybrid-petrol': '2',
  'hybrid-diesel': '3',
  lpg: 'L',
  cng: 'C',
  hydrogen: 'H',
  other: 'O',
};

/** FuelType ids for `primaryFuelType` (+ electricity as the additional fuel of hybrids). */
export const primaryFuelType: Readonly<Partial<Record<Vehicle['fuel'], number>>> = {
  petrol: 2, // "Super 95": what a German dealer means by petrol (C-2FAST-AS24MAP)
  diesel: 7,
  electric: 12,
  'hybrid-petrol': 2,
  'hybrid-diesel': 7,
  lpg: 9,
  hydrogen: 13,
};
export const ELECTRICITY_FUEL_TYPE = 12;

export const transmission: Readonly<Record<Vehicle['gearbox'], string>> = {
  manual: 'M',
  automatic: 'A',
  'semi-automatic': 'S',
};

/** BodyType ids. `sports` has no own type on AutoScout24; a sports car is listed as a coupe [INFERRED]. */
export const bodyType: Readonly<Record<Vehicle['category'], number>> = {
  small: 1, // Compact
  limousine: 6, // Sedan
  estate: 5, // Station Wagon
  cabrio: 2, // Convertible
  sports: 3, // Coupe
  suv: 4, // SUV/Off-Road/Pick-Up
  van: 12, // Van
  other: 7, // Others
};

/** BodyColor ids by basic colour word (English or German); manufacturer names fall back to bodyColorName only. */
const bodyColors: Readonly<Record<string, number>> = {
  beige: 1,
  blue: 2,
  blau: 2,
  brown: 3,
  braun: 3,
  bronze: 4,
  yellow: 5,
  gelb: 5,
  grey: 6,
  gray: 6,
  grau: 6,
  green: 7,
  grun: 7,
  red: 10,
  rot: 10,
  black: 11,
  schwarz: 11,
  silver: 12,
  silber: 12,
  violet: 13,
  violett: 13,
  white: 14,
  weiss: 14,
  orange: 15,
  gold: 16,
};

export function bodyColorId(color: string): number | undefined {
  const words = normalName(color.replaceAll('ß', 'ss')).split(' ');
  for (const word of words) if (bodyColors[word] !== undefined) return bodyColors[word];
  return undefined;
}

/** Equipment ids (`/references` Equipment) for the canonical keys we know; other keys are not sent. */
const equipmentIds: Readonly<Record<string, number>> = {
  abs: 1,
  'air-conditioning': 5,
  'alloy-wheels': 15,
  'automatic-climate-control': 30,
  bluetooth: 122,
  'cruise-control': 38,
  'led-headlights': 140,
  navigation: 23,
  'panorama-roof': 50,
  'parking-sensors-rear': 129,
  'seat-heating': 34,
  sunroof: 4,
  'trailer-hitch': 20,
  'xenon-headlights': 39,
};

/** Known ids, sorted and unique, so the payload (and its hash) does not depend on input order. */
export function equipmentIdsOf(keys: readonly string[]): number[] {
  const ids = keys.map((key) => equipmentIds[normalName(key).replaceAll(' ', '-')]);
  return [...new Set(ids.filter((id): id is number => id !== undefined))].sort((a, b) => a - b);
}
