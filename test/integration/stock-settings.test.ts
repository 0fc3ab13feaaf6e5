/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are read freely; the assertions check their shape */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../infra/topology';
import { startStockHarness, type StockHarness } from './stock-harness';

/** `GET/PUT /v1/settings` through the real handler, against DynamoDB Local. */
describe('dealer settings routes', () => {
  let harness: StockHarness;
  beforeAll(async () => {
    harness = await startStockHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const full = {
    autoRelease: true,
    releaseDelayDays: 2,
    images: { maxImages: 12, publishOnlyOptimized: true },
    lockRecipients: ['owner@dealer.example', 'sales@dealer.example'],
    contactEmail: 'haus-mueller@dein.auto',
  };
  const put = (dealerId: string, body: unknown) =>
    harness.call({ routeKey: 'PUT /v1/settings', dealerId, body });
  const get = (dealerId: string) => harness.call({ routeKey: 'GET /v1/settings', dealerId });

  it('gives a dealer without a profile the defaults', async () => {
    expect(await get('d-new')).toMatchObject({
      status: 200,
      body: {
        autoRelease: false,
        releaseDelayDays: 0,
        images: { maxImages: 30, publishOnlyOptimized: false },
        lockRecipients: [],
        contactEmail: null,
      },
    });
  });

  it('stores the full document on the profile item and reads it back, per dealer', async () => {
    const saved = await put('d1', full);

    expect(saved).toMatchObject({ status: 200, body: full });
    expect((await get('d1')).body).toEqual(full);
    expect((await get('d2')).body.autoRelease).toBe(false);
    const { Item } = await harness.dynamo.documents.send(
      new GetCommand({ TableName: tables.stock.name, Key: { pk: 'DEALER#d1', sk: 'PROFILE' } }),
    );
    expect(Item?.settings).toEqual(full);
  });

  it('takes an absent or null contact e-mail as none', async () => {
    const { contactEmail: _, ...withoutContact } = full;
    expect((await put('d3', withoutContact)).body.contactEmail).toBeNull();
    expect((await put('d3', { ...full, contactEmail: null })).body.contactEmail).toBeNull();
  });

  it('keeps other attributes of the profile item', async () => {
    await harness.dynamo.documents.send(
      new PutCommand({
        TableName: tables.stock.name,
        Item: { pk: 'DEALER#d4', sk: 'PROFILE', name: 'Autohaus' },
      }),
    );
    await put('d4', full);
    const { Item } = await harness.dynamo.documents.send(
      new GetCommand({ TableName: tables.stock.name, Key: { pk: 'DEALER#d4', sk: 'PROFILE' } }),
    );
    expect(Item).toMatchObject({ name: 'Autohaus', settings: full });
  });

  it.each([
    ['releaseDelayDays above 365', { releaseDelayDays: 366 }, 'releaseDelayDays'],
    ['a negative releaseDelayDays', { releaseDelayDays: -1 }, 'releaseDelayDays'],
    ['a fractional releaseDelayDays', { releaseDelayDays: 1.5 }, 'releaseDelayDays'],
    ['maxImages 0', { images: { maxImages: 0, publishOnlyOptimized: false } }, 'images.maxImages'],
    ['maxImages 101', { images: { maxImages: 101, publishOnlyOptimized: false } }, 'images.maxImages'],
    ['a lock recipient that is no e-mail', { lockRecipients: ['owner'] }, 'lockRecipients.0'],
    [
      '21 lock recipients',
      { lockRecipients: Array.from({ length: 21 }, (_, i) => `u${i}@d.example`) },
      'lockRecipients',
    ],
    ['a contact that is no e-mail', { contactEmail: 'haus-mueller' }, 'contactEmail'],
    ['a missing field', { autoRelease: undefined }, 'autoRelease'],
    ['an unknown field', { autorelease: true }, '(root)'],
  ])('refuses %s with 422 naming the field, and keeps what was stored', async (_, change, path) => {
    await put('d5', full);
    const response = await put('d5', { ...full, ...change });

    expect(response.status).toBe(422);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect((await get('d5')).body).toEqual(full);
  });

  it('refuses a body that is no object, and a missing body', async () => {
    expect((await put('d1', [full])).status).toBe(422);
    expect((await harness.call({ routeKey: 'PUT /v1/settings', dealerId: 'd1' })).status).toBe(422);
  });

  it('needs a dealer in the token', async () => {
    expect((await harness.call({ routeKey: 'GET /v1/settings' })).status).toBe(401);
  });
});
