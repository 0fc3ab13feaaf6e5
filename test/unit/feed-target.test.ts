import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import { feedTargetOf, type FeedTarget } from '../../shared/domain/feed-target';
import { SECRET_MASK } from '../../shared/domain/secrets';

const server = { host: 'upload.mobile.example', port: 21, username: 'dealer', password: 'pa55word' };

describe('feedTargetOf', () => {
  it.each<[string, unknown, FeedTarget]>([
    [
      'mobile-de-csv over FTP',
      { protocol: 'ftp', ...server, path: '/stock.csv' },
      { protocol: 'ftp', ...server, path: '/stock.csv' },
    ],
    [
      'mobile-de-csv over SFTP',
      { protocol: 'sftp', ...server, port: 22, path: '/in/stock.csv' },
      { protocol: 'sftp', ...server, port: 22, path: '/in/stock.csv' },
    ],
    [
      'custom app over FTP',
      { type: 'ftp', ...server, port: 2121, path: '/feeds/all.xml' },
      { protocol: 'ftp', ...server, port: 2121, path: '/feeds/all.xml' },
    ],
    [
      'custom app over SFTP',
      { type: 'sftp', ...server, port: 22, path: '/feeds/all.json' },
      { protocol: 'sftp', ...server, port: 22, path: '/feeds/all.json' },
    ],
    [
      'mobile-de-csv over SFTP with a pinned host key',
      {
        protocol: 'sftp',
        ...server,
        port: 22,
        path: '/in/stock.csv',
        hostKey: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      },
      {
        protocol: 'sftp',
        ...server,
        port: 22,
        path: '/in/stock.csv',
        hostKey: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      },
    ],
    [
      'custom app over SFTP with a pinned host key',
      {
        type: 'sftp',
        ...server,
        port: 22,
        path: '/feeds/all.json',
        hostKey: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      },
      {
        protocol: 'sftp',
        ...server,
        port: 22,
        path: '/feeds/all.json',
        hostKey: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      },
    ],
    [
      'custom app over HTTP PUT with headers',
      {
        type: 'http',
        method: 'PUT',
        url: 'https://dms.example.com/import?source=feed',
        headers: { authorization: 'Bearer t0ken', 'x-dealer': '42' },
      },
      {
        protocol: 'http',
        method: 'PUT',
        url: 'https://dms.example.com/import?source=feed',
        headers: { authorization: 'Bearer t0ken', 'x-dealer': '42' },
      },
    ],
    [
      'custom app over HTTP POST without headers',
      { type: 'http', method: 'POST', url: 'http://127.0.0.1:8080/feed' },
      { protocol: 'http', method: 'POST', url: 'http://127.0.0.1:8080/feed', headers: {} },
    ],
  ])('maps %s', (_name, delivery, expected) => {
    expect(feedTargetOf(delivery)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    [
      'a webhook app',
      { type: 'webhook', url: 'https://x.example/h', secret: 'a'.repeat(16) },
      'delivery.type',
    ],
    [
      'a masked FTP password',
      { protocol: 'ftp', ...server, password: SECRET_MASK, path: '/s.csv' },
      'delivery.password',
    ],
    [
      'a masked custom app password',
      { type: 'sftp', ...server, password: SECRET_MASK, path: '/s.csv' },
      'delivery.password',
    ],
    [
      'a masked header value',
      { type: 'http', method: 'PUT', url: 'https://x.example/f', headers: { authorization: SECRET_MASK } },
      'delivery.headers',
    ],
    [
      'a missing password',
      { protocol: 'sftp', ...server, password: undefined, path: '/s.csv' },
      'delivery.password',
    ],
    ['a relative path', { type: 'ftp', ...server, path: 'stock.csv' }, 'delivery.path'],
    ['an unknown protocol', { protocol: 'scp', ...server, path: '/s.csv' }, 'delivery.protocol'],
    [
      'plain http to another host',
      { type: 'http', method: 'PUT', url: 'http://dms.example.com/f' },
      'delivery.url',
    ],
    [
      'a host key that is no SHA256 fingerprint',
      { type: 'sftp', ...server, path: '/s.csv', hostKey: 'MD5:16:27:ac:a5:76:28:2d:36' },
      'delivery.hostKey',
    ],
    ['nothing', undefined, 'delivery'],
  ])('refuses %s as FEED_TARGET_INVALID', (_name, delivery, path) => {
    let caught: unknown;
    try {
      feedTargetOf(delivery);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ code: 'FEED_TARGET_INVALID' });
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toContain(path);
  });

  it('keeps the password out of the error', () => {
    const password = 'pa55word-that-must-not-leak';

    let caught: unknown;
    try {
      feedTargetOf({ protocol: 'ftp', ...server, password, path: 'not-absolute' });
    } catch (error) {
      caught = error;
    }

    expect(JSON.stringify(caught)).not.toContain(password);
    expect((caught as Error).message).not.toContain(password);
  });
});
