import { describe, expect, it } from 'vitest';
import { ListingRejectedError, PlatformUnavailableError } from '../../shared/domain/errors';
import { interpretAnswer } from '../../shared/adapters/connectors/webhook/answers';

const answer = (status: number, text = '', headers: Record<string, string> = {}) => ({
  status,
  text,
  headers: new Headers(headers),
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
}

describe('webhook answers', () => {
  it.each([
    ['empty', '', []],
    ['not JSON', 'OK', []],
    ['JSON without warnings', '{"ok":true}', []],
    [
      'warnings as strings and objects',
      '{"warnings":["no price shown",{"code":"NO_IMAGES","text":"no images"},{"message":"old"},42]}',
      [
        { severity: 'warning', code: 'WEBHOOK_WARNING', text: 'no price shown' },
        { severity: 'warning', code: 'NO_IMAGES', text: 'no images' },
        { severity: 'warning', code: 'WEBHOOK_WARNING', text: 'old' },
      ],
    ],
  ])('2xx with %s body → success', (_name, body, messages) => {
    expect(interpretAnswer(answer(200, body), 'upsert', 'h')).toEqual(messages);
    expect(interpretAnswer(answer(204, body), 'remove', 'h')).toEqual(messages);
  });

  it('bounds warnings in number and length', () => {
    const body = JSON.stringify({ warnings: Array.from({ length: 50 }, () => 'w'.repeat(5000)) });
    const messages = interpretAnswer(answer(202, body), 'upsert', 'h');
    expect(messages).toHaveLength(20);
    expect(messages[0]!.text.length).toBe(500);
  });

  it('410 on a removal means already gone; on an upsert the receiver refused', () => {
    expect(interpretAnswer(answer(410), 'remove', 'h')).toEqual([]);
    expect(thrown(() => interpretAnswer(answer(410), 'upsert', 'h'))).toBeInstanceOf(ListingRejectedError);
  });

  it.each([
    [408, {}, undefined],
    [429, { 'retry-after': '30' }, 30],
    [500, {}, undefined],
    [503, { 'retry-after': '120' }, 120],
  ])('%s → retried later (Retry-After %o)', (status, headers, wait) => {
    const error = thrown(() => interpretAnswer(answer(status, '', headers), 'upsert', 'h'));
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as PlatformUnavailableError).retryAfterSeconds).toBe(wait);
  });

  it.each([
    ['problem+json', '{"title":"Bad","detail":"price missing"}', ['price missing']],
    [
      'errors[]',
      '{"errors":[{"message":"vin invalid"},"make unknown",{"text":"no model"}]}',
      ['vin invalid', 'make unknown', 'no model'],
    ],
    ['message', '{"message":"nope"}', ['nope']],
    ['plain text', 'price\n  must be positive', ['price must be positive']],
    ['a JSON string', '"price must be positive"', ['price must be positive']],
    ['nothing', '', ['HTTP 422 without a reason']],
  ])('422 with %s → rejected with the reasons', (_name, body, texts) => {
    const error = thrown(() => interpretAnswer(answer(422, body), 'upsert', 'h'));
    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages).toEqual(
      texts.map((text) => ({ severity: 'error', code: 'WEBHOOK_REJECTED', text })),
    );
  });

  it('bounds the reason of a 400', () => {
    const error = thrown(() => interpretAnswer(answer(400, 'x'.repeat(70_000)), 'upsert', 'h'));
    expect((error as ListingRejectedError).messages[0]!.text.length).toBe(500);
  });

  it.each([
    [301, 'WEBHOOK_REDIRECT'],
    [307, 'WEBHOOK_REDIRECT'],
    [401, 'WEBHOOK_REFUSED'],
    [404, 'WEBHOOK_REFUSED'],
  ])('%s → rejected (%s): only the app definition can fix it', (status, code) => {
    const error = thrown(() => interpretAnswer(answer(status), 'upsert', 'hooks.dealer.example'));
    expect(error).toBeInstanceOf(ListingRejectedError);
    expect((error as ListingRejectedError).messages[0]).toMatchObject({
      code,
      text: expect.stringContaining('hooks.dealer.example') as string,
    });
  });
});
