import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { matchesAnyFilter } from '../../infra/local/event-sources/filter-pattern';
import { functions, type FilterPattern } from '../../infra/topology';

describe('matchesAnyFilter: rules', () => {
  const cases: { name: string; record: unknown; patterns: FilterPattern[]; expected: boolean }[] = [
    { name: 'no patterns let everything pass', record: { a: 1 }, patterns: [], expected: true },
    {
      name: 'a literal matches an equal string',
      record: { a: 'x' },
      patterns: [{ a: ['x'] }],
      expected: true,
    },
    {
      name: 'a literal does not match another string',
      record: { a: 'y' },
      patterns: [{ a: ['x'] }],
      expected: false,
    },
    {
      name: 'literals of one key are ORed',
      record: { a: 'y' },
      patterns: [{ a: ['x', 'y'] }],
      expected: true,
    },
    {
      name: 'a number literal does not match its string form',
      record: { a: '5' },
      patterns: [{ a: [5] }],
      expected: false,
    },
    { name: 'a number literal matches the number', record: { a: 5 }, patterns: [{ a: [5] }], expected: true },
    { name: 'a boolean literal matches', record: { a: false }, patterns: [{ a: [false] }], expected: true },
    { name: 'a null literal matches null', record: { a: null }, patterns: [{ a: [null] }], expected: true },
    {
      name: 'a null literal does not match a missing key',
      record: {},
      patterns: [{ a: [null] }],
      expected: false,
    },
    { name: 'a literal does not match a missing key', record: {}, patterns: [{ a: ['x'] }], expected: false },
    {
      name: 'a literal matches one element of an array',
      record: { a: ['p', 'x'] },
      patterns: [{ a: ['x'] }],
      expected: true,
    },
    {
      name: 'prefix matches the start',
      record: { a: 'VEHICLE#1' },
      patterns: [{ a: [{ prefix: 'VEHICLE#' }] }],
      expected: true,
    },
    {
      name: 'prefix is case-sensitive',
      record: { a: 'vehicle#1' },
      patterns: [{ a: [{ prefix: 'VEHICLE#' }] }],
      expected: false,
    },
    {
      name: 'prefix does not match a number',
      record: { a: 12 },
      patterns: [{ a: [{ prefix: '1' }] }],
      expected: false,
    },
    {
      name: 'prefix does not match a missing key',
      record: {},
      patterns: [{ a: [{ prefix: '' }] }],
      expected: false,
    },
    {
      name: 'anything-but passes another value',
      record: { a: 'b' },
      patterns: [{ a: [{ 'anything-but': ['x', 'y'] }] }],
      expected: true,
    },
    {
      name: 'anything-but drops a listed value',
      record: { a: 'y' },
      patterns: [{ a: [{ 'anything-but': ['x', 'y'] }] }],
      expected: false,
    },
    {
      name: 'anything-but compares numbers by type',
      record: { a: '1' },
      patterns: [{ a: [{ 'anything-but': [1] }] }],
      expected: true,
    },
    {
      name: 'anything-but does not match a missing key',
      record: {},
      patterns: [{ a: [{ 'anything-but': ['x'] }] }],
      expected: false,
    },
    {
      name: 'exists true matches a present leaf',
      record: { a: 'x' },
      patterns: [{ a: [{ exists: true }] }],
      expected: true,
    },
    {
      name: 'exists true matches a present null',
      record: { a: null },
      patterns: [{ a: [{ exists: true }] }],
      expected: true,
    },
    {
      name: 'exists true does not match a missing key',
      record: {},
      patterns: [{ a: [{ exists: true }] }],
      expected: false,
    },
    {
      name: 'exists true does not match an object (leaves only)',
      record: { a: { b: 1 } },
      patterns: [{ a: [{ exists: true }] }],
      expected: false,
    },
    {
      name: 'exists false matches a missing key',
      record: { b: 1 },
      patterns: [{ a: [{ exists: false }] }],
      expected: true,
    },
    {
      name: 'exists false does not match a present key',
      record: { a: 'x' },
      patterns: [{ a: [{ exists: false }] }],
      expected: false,
    },
    {
      name: 'exists false matches when the parent is missing',
      record: {},
      patterns: [{ p: { a: [{ exists: false }] } }],
      expected: true,
    },
    {
      name: 'exists false matches when the parent is not an object',
      record: { p: 'flat' },
      patterns: [{ p: { a: [{ exists: false }] } }],
      expected: true,
    },
    {
      name: 'exists false does not match a nested present key',
      record: { p: { a: 1 } },
      patterns: [{ p: { a: [{ exists: false }] } }],
      expected: false,
    },
    {
      name: 'nested keys are ANDed (both match)',
      record: { p: { a: 'x', b: 'y' } },
      patterns: [{ p: { a: ['x'], b: ['y'] } }],
      expected: true,
    },
    {
      name: 'nested keys are ANDed (one fails)',
      record: { p: { a: 'x', b: 'z' } },
      patterns: [{ p: { a: ['x'], b: ['y'] } }],
      expected: false,
    },
    {
      name: 'a nested literal does not match a missing parent',
      record: {},
      patterns: [{ p: { a: ['x'] } }],
      expected: false,
    },
    {
      name: 'a nested pattern matches an element of an array of objects',
      record: { p: [{ a: 'z' }, { a: 'x' }] },
      patterns: [{ p: { a: ['x'] } }],
      expected: true,
    },
    { name: 'patterns are ORed', record: { a: 'y' }, patterns: [{ a: ['x'] }, { a: ['y'] }], expected: true },
    {
      name: 'no pattern matching drops the record',
      record: { a: 'z' },
      patterns: [{ a: ['x'] }, { a: ['y'] }],
      expected: false,
    },
    {
      name: 'an empty rule list matches nothing',
      record: { a: 'x' },
      patterns: [{ a: [] }],
      expected: false,
    },
    {
      name: 'a non-object record only matches exists false',
      record: 'text',
      patterns: [{ a: [{ exists: false }] }],
      expected: true,
    },
  ];

  it.each(cases)('$name', ({ record, patterns, expected }) => {
    expect(matchesAnyFilter(record, patterns)).toBe(expected);
  });

  it('refuses a rule it does not implement instead of guessing', () => {
    const numeric = { a: [{ numeric: ['>', 1] }] } as unknown as FilterPattern;
    expect(() => matchesAnyFilter({ a: 2 }, [numeric])).toThrow(/unsupported filter rule/);
  });
});

describe('matchesAnyFilter: the stock stream filters of the topology', () => {
  const filters = functions.stockChanges.trigger.filters;
  const streamArn = 'arn:aws:dynamodb:eu-central-1:000000000000:table/Stock/stream/2026-01-01T00:00:00.000';

  const vehicleImage = {
    pk: { S: 'DEALER#d1' },
    sk: { S: 'VEHICLE#v1' },
    make: { S: 'VW' },
    price: { N: '19990' },
  };

  function streamRecord(
    overrides: Partial<DynamoDBRecord> & { keys: { pk: string; sk: string } },
  ): DynamoDBRecord {
    const { keys, ...rest } = overrides;
    return {
      eventID: 'c81e728d9d4c2f636f067f89cc14862c',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-central-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_767_225_600,
        Keys: { pk: { S: keys.pk }, sk: { S: keys.sk } },
        NewImage: { ...vehicleImage, pk: { S: keys.pk }, sk: { S: keys.sk } },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 61,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
      ...rest,
    };
  }

  const vehicle = { pk: 'DEALER#d1', sk: 'VEHICLE#v1' };
  const cases: { name: string; record: DynamoDBRecord; expected: boolean }[] = [
    {
      name: 'INSERT of a vehicle passes',
      record: streamRecord({ keys: vehicle, eventName: 'INSERT' }),
      expected: true,
    },
    {
      name: 'MODIFY of a vehicle passes',
      record: streamRecord({ keys: vehicle, eventName: 'MODIFY' }),
      expected: true,
    },
    {
      name: 'INSERT of the dealer profile is dropped',
      record: streamRecord({ keys: { pk: 'DEALER#d1', sk: 'PROFILE' }, eventName: 'INSERT' }),
      expected: false,
    },
    {
      name: 'MODIFY of the dealer profile is dropped',
      record: streamRecord({ keys: { pk: 'DEALER#d1', sk: 'PROFILE' }, eventName: 'MODIFY' }),
      expected: false,
    },
    {
      name: 'a REMOVE by a user passes',
      record: streamRecord({ keys: vehicle, eventName: 'REMOVE' }),
      expected: true,
    },
    {
      name: 'a TTL removal by the DynamoDB service is dropped',
      record: streamRecord({
        keys: vehicle,
        eventName: 'REMOVE',
        userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      }),
      expected: false,
    },
    {
      name: 'a REMOVE of the profile is dropped',
      record: streamRecord({ keys: { pk: 'DEALER#d1', sk: 'PROFILE' }, eventName: 'REMOVE' }),
      expected: false,
    },
    {
      name: 'a key that only contains VEHICLE# later is dropped',
      record: streamRecord({ keys: { pk: 'DEALER#d1', sk: 'EXPORT#VEHICLE#v1' }, eventName: 'INSERT' }),
      expected: false,
    },
  ];

  it.each(cases)('$name', ({ record, expected }) => {
    expect(matchesAnyFilter(record, filters)).toBe(expected);
  });
});
