import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../topology';
import { LOCAL_FEED_LOGIN } from './feed-targets';

export const DEMO_DEALER = { dealerId: 'demo', email: 'owner@autohaus-demo.example' };

/**
 * On first start (an empty stock) the local stack seeds a demo dealer with a few vehicles, so a
 * person trying the product has something to look at. Plain items in the stored shape; the
 * stream picks them up like any other write.
 */
export async function seedDemoDataIfEmpty(client: DynamoDBClient): Promise<boolean> {
  const { Count } = await client.send(new ScanCommand({ TableName: tables.stock.name, Limit: 1 }));
  if ((Count ?? 0) > 0) return false;
  const documents = DynamoDBDocumentClient.from(client);
  const now = new Date().toISOString();
  const pk = `DEALER#${DEMO_DEALER.dealerId}`;
  const vehicles = demoVehicles.map((vehicle, index) => ({
    pk,
    sk: `VEHICLE#veh_demo${index + 1}`,
    dealerId: DEMO_DEALER.dealerId,
    vehicleId: `veh_demo${index + 1}`,
    version: 1,
    releases: {},
    createdAt: now,
    updatedAt: now,
    ...vehicle,
  }));
  const profile = {
    pk,
    sk: 'PROFILE',
    dealerId: DEMO_DEALER.dealerId,
    settings: {
      autoRelease: true,
      releaseDelayDays: 0,
      images: { maxImages: 30, publishOnlyOptimized: false },
      lockRecipients: [DEMO_DEALER.email],
      contactEmail: 'verkauf@autohaus-demo.example',
    },
  };
  // Each internal number's uniqueness guard, as the stock adapters write it with the vehicle.
  const guards = vehicles.map((vehicle) => ({
    pk,
    sk: `INTERNAL#${vehicle.internalNumber}`,
    vehicleId: vehicle.vehicleId,
  }));
  await documents.send(
    new BatchWriteCommand({
      RequestItems: {
        [tables.stock.name]: [profile, ...vehicles, ...guards].map((Item) => ({ PutRequest: { Item } })),
      },
    }),
  );
  return true;
}

/**
 * On first start the demo dealer also gets the mobile.de CSV feed, delivered hourly to the local
 * FTP server: the first file appears in `<DATA_DIR>/feeds/ftp/` within a minute. Through the API,
 * like a dealer would, so the password is sealed as usual.
 */
export async function activateDemoFeed(
  apiUrl: string,
  token: string,
  ftp: { readonly host: string; readonly port: number },
): Promise<void> {
  const response = await fetch(`${apiUrl}/v1/apps/mobile-de-csv/activation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      settings: {
        customerNumber: '4711',
        delivery: {
          protocol: 'ftp',
          host: ftp.host,
          port: ftp.port,
          ...LOCAL_FEED_LOGIN,
          path: '/mobile-de-stock.csv',
        },
        schedule: { everyMinutes: 60 },
      },
    }),
  });
  if (response.status !== 201) {
    throw new Error(`the demo feed could not be activated: HTTP ${response.status} ${await response.text()}`);
  }
  // The demo vehicles were there before the feed: release them to it, as a dealer would.
  const { exportId } = (await response.json()) as { exportId: string };
  for (const index of demoVehicles.keys()) {
    const released = await fetch(`${apiUrl}/v1/vehicles/veh_demo${index + 1}/releases`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ [exportId]: true }),
    });
    if (released.status !== 200) throw new Error(`demo release failed: HTTP ${released.status}`);
  }
}

const demoVehicles = [
  {
    internalNumber: 'STK-4711',
    vin: 'WAUZZZ8K9KA000001',
    condition: 'used',
    category: 'estate',
    make: 'Audi',
    model: 'A4',
    modelDescription: 'A4 Avant 2.0 TFSI S tronic',
    firstRegistration: '2019-03',
    mileageKm: 45000,
    powerKw: 140,
    fuel: 'petrol',
    gearbox: 'automatic',
    exteriorColor: 'black',
    price: { gross: '24990.00', currency: 'EUR', vatRate: '19.00' },
    description: 'Scheckheftgepflegt, Nichtraucher',
    images: [{ url: 'https://cdn.dealer.example/stk-4711/1.jpg' }],
  },
  {
    internalNumber: 'STK-4712',
    vin: 'WVWZZZAUZKW000002',
    condition: 'used',
    category: 'limousine',
    make: 'Volkswagen',
    model: 'Golf',
    modelDescription: 'Golf 1.5 TSI Life',
    firstRegistration: '2021-06',
    mileageKm: 23000,
    powerKw: 110,
    fuel: 'petrol',
    gearbox: 'manual',
    exteriorColor: 'white',
    price: { gross: '21450.00', currency: 'EUR', vatRate: null },
  },
  {
    internalNumber: 'STK-4713',
    condition: 'new',
    category: 'suv',
    make: 'Skoda',
    model: 'Enyaq',
    modelDescription: 'Enyaq 85 Sportline',
    powerKw: 210,
    fuel: 'electric',
    gearbox: 'automatic',
    exteriorColor: 'grey',
    price: { gross: '52900.00', currency: 'EUR', vatRate: '19.00' },
  },
];
