import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../infra/topology';
import { operations } from '../../shared/contract/operations';
import { buildOpenApi } from '../../shared/runtime/http/openapi';

describe('OpenAPI document', () => {
  const document = buildOpenApi(operations, { title: 'Vehicle export API', version: '1.0.0' });

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes exactly the routes the topology serves', () => {
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const served = httpRoutes()
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(documented).toEqual(served);
  });

  it('documents auth as the topology declares it', () => {
    for (const route of httpRoutes()) {
      const operation = operations.find((op) => op.method === route.method && op.path === route.path);
      expect(operation?.auth, `${route.method} ${route.path}`).toBe(route.auth);
    }
  });

  it('answers every error with the problem schema', () => {
    const health = (
      document.paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >
    )['/health']!.get!;
    expect(Object.keys(health.responses)).toEqual(expect.arrayContaining(['200', '400', '500']));
    expect(health.responses['500']!.content).toHaveProperty('application/problem+json');
    expect((document.components as { schemas: Record<string, unknown> }).schemas).toHaveProperty('Problem');
  });
});
