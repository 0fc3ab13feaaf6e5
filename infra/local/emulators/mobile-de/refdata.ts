/**
 * A small slice of mobile.de's reference data (platforms.md §1.4 #8, §1.5) for validating ads:
 * make keys with a few model keys each, and the Car enums. Model keys are case-sensitive (§1.5:
 * "GOLF" is rejected). Real refdata is far larger; a model missing here is a gap of the emulator.
 */
export const carModels: Readonly<Record<string, readonly string[]>> = {
  AUDI: ['A1', 'A3', 'A4', 'A5', 'A6', 'Q3', 'Q5', 'Q7', 'TT', 'e-tron'],
  BMW: ['116', '118', '318', '320', '330', '520', 'X1', 'X3', 'X5', 'i3'],
  FORD: ['Fiesta', 'Focus', 'Kuga', 'Mondeo', 'Mustang', 'Transit'],
  'MERCEDES-BENZ': ['A 180', 'B 200', 'C 200', 'C 220', 'E 220', 'GLC 300', 'Sprinter'],
  OPEL: ['Astra', 'Corsa', 'Insignia', 'Mokka', 'Zafira'],
  SKODA: ['Fabia', 'Kodiaq', 'Octavia', 'Superb', 'Enyaq'],
  VW: ['Golf', 'Passat', 'Polo', 'Tiguan', 'Touran', 'T-Roc', 'ID.3', 'up!'],
  TOYOTA: ['Aygo', 'Corolla', 'RAV 4', 'Yaris'],
  RENAULT: ['Clio', 'Megane', 'Zoe'],
  PORSCHE: ['911', 'Cayenne', 'Macan', 'Taycan'],
  'ALFA ROMEO': ['Giulia', 'Stelvio'],
};

export const categories = [
  'Limousine',
  'EstateCar',
  'Cabrio',
  'SmallCar',
  'SportsCar',
  'Van',
  'OffRoad',
  'OtherCar',
] as const;
export const conditions = ['NEW', 'USED'] as const;
export const fuels = [
  'PETROL',
  'DIESEL',
  'ELECTRICITY',
  'HYBRID',
  'HYBRID_DIESEL',
  'LPG',
  'CNG',
  'HYDROGENIUM',
  'ETHANOL',
  'OTHER',
] as const;
export const gearboxes = ['MANUAL_GEAR', 'SEMIAUTOMATIC_GEAR', 'AUTOMATIC_GEAR'] as const;
export const colors = [
  'BLACK',
  'GREY',
  'BEIGE',
  'BROWN',
  'RED',
  'GREEN',
  'BLUE',
  'PURPLE',
  'GOLD',
  'WHITE',
  'ORANGE',
  'SILVER',
  'YELLOW',
] as const;
export const priceTypes = ['FIXED', 'ON_REQUEST', 'NEGOTIABLE'] as const;
/** [INFERRED] platforms.md §1.10: the booking field and its values are a guess (see README). */
export const features = ['TOP_AD', 'EYE_CATCHER', 'PAGE_ONE_AD', 'DAY_OFFER'] as const;

/** The make whose models contain `model`, for `make-model-mismatch`. */
export function makeOfModel(model: string): string | undefined {
  return Object.keys(carModels).find((make) => carModels[make]!.includes(model));
}
