import { describe, expect, it } from 'vitest';
import type { ListingContext } from '../../shared/application/delta/listing-connector';
import { ListingRejectedError } from '../../shared/domain/errors';
import { createWebhookListingConnector } from '../../shared/adapters/connectors/webhook/webhook-connector';
import { serializeEnvelope, idempotencyKey } from '../../shared/adapters/connectors/webhook/envelope';
import { aVehicle } from '../support/fakes';

const connector = createWebhookListingConnector({ allowPrivateTargets: false });
const delivery = { type: 'webhook', url: 'https://hooks.dealer.example/v', secret: 'sixteen-chars-secret' };

function context(fields: unknown): ListingContext {
  return {
    settings: { format: { type: 'json' }, delivery, fields },
    contactEmail: 'sales@dealer.example',
    maxImages: 30,
    bookings: [],
  };
}

const vehicle = aVehicle({
  vin: 'WAUZZZ8K9KA000001',
  mileageKm: 12000,
  equipment: ['navigation', 'alloy-wheels'],
  images: [{ url: 'https://cdn.dealer.example/1.jpg' }, { url: 'https://cdn.dealer.example/2.jpg' }],
});

describe('webhook payload', () => {
  it('maps fields, templates and constants to their targets, in the order of the mapping', () => {
    const payload = connector.toPayload(
      vehicle,
      context([
        { target: 'title', source: { template: '{{make}} {{ model }} ({{price.gross}} EUR)' } },
        { target: 'stockNumber', source: { field: 'internalNumber' } },
        { target: 'km', source: { field: 'mileageKm' } },
        { target: 'pictures', source: { field: 'images.url' } },
        { target: 'colour', source: { field: 'exteriorColor' } },
        { target: 'source', source: { constant: 'vehicle-export' } },
        { target: '__proto__', source: { constant: 'just a key' } },
      ]),
    );
    expect(JSON.stringify(payload)).toBe(
      JSON.stringify({
        title: 'Skoda Enyaq (52900.00 EUR)',
        stockNumber: 'STK-1',
        km: 12000,
        pictures: ['https://cdn.dealer.example/1.jpg', 'https://cdn.dealer.example/2.jpg'],
        colour: null,
        source: 'vehicle-export',
        ['__proto__']: 'just a key',
      }),
    );
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it('is the dealer-supplied vehicle without a mapping: no version, timestamps or releases', () => {
    const payload = connector.toPayload(vehicle, context([]));
    expect(payload).toEqual({
      category: 'suv',
      condition: 'new',
      equipment: ['navigation', 'alloy-wheels'],
      fuel: 'electric',
      gearbox: 'automatic',
      images: [{ url: 'https://cdn.dealer.example/1.jpg' }, { url: 'https://cdn.dealer.example/2.jpg' }],
      internalNumber: 'STK-1',
      make: 'Skoda',
      mileageKm: 12000,
      model: 'Enyaq',
      price: { currency: 'EUR', gross: '52900.00', vatRate: '19.00' },
      vin: 'WAUZZZ8K9KA000001',
    });
  });

  it('is deterministic: the same content gives the same JSON text, whatever the key order or version', () => {
    const reordered = aVehicle({
      price: { vatRate: '19.00', currency: 'EUR', gross: '52900.00' },
      images: vehicle.images,
      equipment: vehicle.equipment,
      mileageKm: 12000,
      vin: 'WAUZZZ8K9KA000001',
      version: 7,
      updatedAt: '2026-12-01T10:00:00.000Z',
      releases: { exp_1: true },
    });
    const whole = (v: typeof vehicle) => JSON.stringify(connector.toPayload(v, context([])));
    expect(whole(reordered)).toBe(whole(vehicle));
    const mapped = context([{ target: 'price', source: { field: 'price.gross' } }]);
    expect(JSON.stringify(connector.toPayload(reordered, mapped))).toBe(
      JSON.stringify(connector.toPayload(vehicle, mapped)),
    );
  });

  it('rejects settings it cannot read, without naming their values', () => {
    const broken = { ...context([]), settings: { fields: [{ target: 'x', source: { script: 'rm -rf' } }] } };
    let error: unknown;
    try {
      connector.toPayload(vehicle, broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ListingRejectedError);
    const [message] = (error as ListingRejectedError).messages;
    expect(message).toMatchObject({ code: 'WEBHOOK_SETTINGS_INVALID' });
    expect(message!.text).not.toContain('rm -rf');
  });
});

describe('webhook envelope', () => {
  const ids = { exportId: 'exp_1', vehicleId: 'veh_1', listingRef: 'exp_1:veh_1' };

  it('has a fixed key order and no time in it', () => {
    expect(
      serializeEnvelope({
        data: { a: 1 },
        listingRef: 'exp_1:veh_1',
        vehicleId: 'veh_1',
        exportId: 'exp_1',
        event: 'listing.upserted',
      }),
    ).toBe(
      '{"event":"listing.upserted","exportId":"exp_1","vehicleId":"veh_1","listingRef":"exp_1:veh_1","data":{"a":1}}',
    );
    expect(serializeEnvelope({ event: 'listing.removed', ...ids })).toBe(
      '{"event":"listing.removed","exportId":"exp_1","vehicleId":"veh_1","listingRef":"exp_1:veh_1"}',
    );
  });

  it('gives one idempotency key per export, vehicle, event and content', () => {
    const key = (data: { a: number }, vehicleId = 'veh_1') =>
      idempotencyKey(serializeEnvelope({ event: 'listing.upserted', ...ids, vehicleId, data }));
    expect(key({ a: 1 })).toBe(key({ a: 1 }));
    expect(key({ a: 1 })).not.toBe(key({ a: 2 }));
    expect(key({ a: 1 })).not.toBe(key({ a: 1 }, 'veh_2'));
    expect(key({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
