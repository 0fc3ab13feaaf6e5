import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, required } from '../../shared/runtime/config';

describe('config', () => {
  it('returns the parsed keys', () => {
    expect(loadConfig({ TABLE: required }, { TABLE: 'Stock', OTHER: 'x' })).toEqual({ TABLE: 'Stock' });
  });

  it('fails at once, naming every bad key', () => {
    expect(() => loadConfig({ TABLE: required, QUEUE: required }, { TABLE: '' })).toThrow(ConfigError);
    expect(() => loadConfig({ TABLE: required, QUEUE: required }, { TABLE: '' })).toThrow(/TABLE.*QUEUE/);
  });
});
