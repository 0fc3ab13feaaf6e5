/**
 * The slice of LCA-NG reference data the emulator validates against (platforms.md §3.2 `/makes`,
 * `/references`). Ids are the platform's, as C-2FAST-AS24MAP fetched them from the live API
 * (2026-08-26). Infra may not import shared/, so this table is the platform's side; a unit test
 * checks that the connector's table is a subset of it.
 */
export const emulatedMakes: ReadonlyMap<number, { name: string; models: ReadonlyMap<number, string> }> =
  new Map(
    (
      [
        [
          9,
          'Audi',
          [
            [1624, 'A3'],
            [1626, 'A4'],
            [1628, 'A6'],
            [19155, 'Q5'],
            [21001, 'Others'],
          ],
        ],
        [
          13,
          'BMW',
          [
            [18481, '118'],
            [1641, '320'],
            [16406, 'X5'],
            [21073, 'Others'],
          ],
        ],
        [
          47,
          'Mercedes-Benz',
          [
            [18486, 'A 180'],
            [1860, 'C 200'],
            [1863, 'E 220'],
            [20930, 'Others'],
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
            [21032, 'Others'],
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
            [21034, 'Others'],
          ],
        ],
      ] as const
    ).map(([id, name, models]) => [
      id,
      { name, models: new Map(models.map(([modelId, model]) => [modelId, model])) },
    ]),
  );

/** `/references` ids: strings in the API, numbers in the listing body for BodyType and BodyColor. */
export const emulatedReferences = {
  offerType: ['U', 'N', 'D', 'J', 'O', 'S'],
  fuelCategory: ['B', 'D', 'E', 'L', 'C', '2', '3', 'H', 'M', 'O'],
  transmission: ['A', 'M', 'S'],
  bodyType: [1, 2, 3, 4, 5, 6, 7, 12, 13],
  bodyColor: [1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16],
  publicationStatus: ['Active', 'Inactive'],
} as const;
