/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are read freely; the assertions check their shape */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack';
import { silentLog } from '../../infra/local/log';
import { tables } from '../../infra/topology';
import { exportItem } from '../../shared/adapters/dynamodb/exports-table';
import { anExport } from '../support/fakes';

/** Stock and dealer preferences through the local stack's gateway, with dev tokens. */
describe('stock API end to end', () => {
  let stack: LocalStack;
  let dataDir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vehicle-export-stock-e2e-'));
    stack = await startLocalStack({
      rootDir: join(import.meta.dirname, '../..'),
      port: 0,
      dataDir,
      jwtSecret: 'stock-e2e',
      region: 'eu-central-1',
      seedDemoData: false,
      runSchedules: false,
      log: silentLog,
    });
    for (const dealerId of ['d1', 'd2']) {
      const response = await fetch(`${stack.url}/_local/token`, {
        method: 'POST',
        body: JSON.stringify({ dealerId, email: `${dealerId}@dealer.example` }),
      });
      tokens[dealerId] = ((await response.json()) as { token: string }).token;
    }
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (
    dealerId: string,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[dealerId]}`,
        ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  };

  it('keeps a dealer’s stock and preferences, and shows them to nobody else', async () => {
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.endpoints.dynamodb,
        region: 'eu-central-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: tables.exports.name,
        Item: exportItem(anExport({ exportId: 'exp_e2e', dealerId: 'd1' })),
      }),
    );

    expect((await api('d1', 'GET', '/v1/settings')).body.autoRelease).toBe(false);
    const settings = {
      autoRelease: true,
      releaseDelayDays: 0,
      images: { maxImages: 20, publishOnlyOptimized: false },
      lockRecipients: ['owner@dealer.example'],
      contactEmail: 'sales@dealer.example',
    };
    expect(await api('d1', 'PUT', '/v1/settings', settings)).toMatchObject({ status: 200, body: settings });

    const csv = readFileSync(join(import.meta.dirname, '../fixtures/import/good-semicolon.csv'), 'utf8');
    const imported = await api('d1', 'POST', '/v1/vehicles/import?mode=replace', csv, 'text/csv');
    expect(imported).toMatchObject({ status: 200, body: { created: 3, errors: [] } });

    const list = await api('d1', 'GET', '/v1/vehicles?limit=2');
    expect(list.body.items).toHaveLength(2);
    const rest = await api(
      'd1',
      'GET',
      `/v1/vehicles?limit=2&cursor=${encodeURIComponent(list.body.nextCursor as string)}`,
    );
    const all = [...list.body.items, ...rest.body.items] as { vehicleId: string; releases: object }[];
    expect(all).toHaveLength(3);
    expect(all.map((vehicle) => vehicle.releases)).toEqual([
      { exp_e2e: true },
      { exp_e2e: true },
      { exp_e2e: true },
    ]);

    const [vehicle] = all;
    const path = `/v1/vehicles/${vehicle!.vehicleId}`;
    const unreleased = await api('d1', 'PUT', `${path}/releases`, { exp_e2e: false });
    expect(unreleased.body).toMatchObject({ version: 2, releases: { exp_e2e: false } });

    for (const [method, route, body] of [
      ['GET', path, undefined],
      ['PUT', path, { ...unreleased.body, internalNumber: 'HIJACK' }],
      ['PUT', `${path}/releases`, { exp_e2e: true }],
      ['DELETE', path, undefined],
    ] as const) {
      const probe = await api('d2', method, route, body);
      expect([probe.status, probe.type, probe.body.code], `${method} ${route}`).toEqual([
        404,
        'application/problem+json',
        'NOT_FOUND',
      ]);
    }
    expect((await api('d2', 'GET', '/v1/vehicles')).body.items).toEqual([]);
    expect((await api('d2', 'GET', '/v1/settings')).body.autoRelease).toBe(false);

    expect((await api('d1', 'DELETE', path)).status).toBe(204);
    expect((await api('d1', 'GET', path)).status).toBe(404);
  });

  it('refuses requests without a token before any handler runs', async () => {
    const response = await fetch(`${stack.url}/v1/vehicles`);
    expect(response.status).toBe(401);
  });
});
