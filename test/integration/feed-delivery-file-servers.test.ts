import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedDeliveryError, type FeedFile } from '../../shared/application/feeds/feed-delivery';
import type { FileServerTarget } from '../../shared/domain/feed-target';
import {
  createFeedDelivery,
  type FeedDeliveryOptions,
} from '../../shared/adapters/feeds/delivery/delivery-dispatcher';
import { replaceRemoteFile } from '../../shared/adapters/feeds/delivery/sftp-delivery';
import { startFtpServer } from '../../infra/local/feed-servers/ftp-server';
import type { FileServer } from '../../infra/local/feed-servers/file-server';
import { startSftpServer } from '../../infra/local/feed-servers/sftp-server';
import { freePort } from '../../infra/local/free-port';
import { eventually } from '../support/local-services';

const USER = 'dealer-upload';
const PASSWORD = 'S3cret-Pa55word!';

/** Every byte value, over several chunks: a text-mode transfer or a lost chunk would show. */
const content = Buffer.alloc(300_000, 0).map((_, index) => (index * 7 + 13) % 256);

let work: string;
let feedFile: FeedFile;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'feed-delivery-'));
  const path = join(work, 'stock.csv');
  await writeFile(path, content);
  feedFile = { path, bytes: content.length, contentType: 'text/csv' };
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Recorded {
  readonly sleeps: number[];
}

function deliveryWith(options: Partial<FeedDeliveryOptions> = {}, recorded: Recorded = { sleeps: [] }) {
  return createFeedDelivery({
    allowPrivateTargets: true,
    timeoutMs: 5_000,
    sleep: async (ms) => {
      recorded.sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

const partFiles = async (directory: string) =>
  (await readdir(directory)).filter((name) => name.endsWith('.part'));

describe.each([
  { protocol: 'ftp' as const, start: startFtpServer },
  { protocol: 'sftp' as const, start: startSftpServer },
])('feed delivery over $protocol', ({ protocol, start }) => {
  let root: string;
  let server: FileServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `feed-${protocol}-root-`));
    server = await start({ root, username: USER, password: PASSWORD });
  });

  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await rm(join(root, 'upload'), { recursive: true, force: true });
    await mkdir(join(root, 'upload'));
  });

  function target(overrides: Partial<FileServerTarget> = {}): FileServerTarget {
    return {
      protocol,
      host: server.host,
      port: server.port,
      username: USER,
      password: PASSWORD,
      path: '/upload/stock.csv',
      ...overrides,
    };
  }

  it('puts exactly the bytes of the file at the path, leaving no temporary file', async () => {
    const receipt = await deliveryWith().deliver(feedFile, target());

    expect(receipt).toEqual({ remotePath: '/upload/stock.csv', bytes: content.length, attempts: 1 });
    expect((await readFile(join(root, 'upload/stock.csv'))).equals(content)).toBe(true);
    expect(await readdir(join(root, 'upload'))).toEqual(['stock.csv']);
  });

  it('removes what earlier attempts left behind, and nothing else', async () => {
    const leftover = join(root, 'upload/.stock.csv.0123456789ab.part');
    await writeFile(leftover, 'half a feed');
    await writeFile(join(root, 'upload/.other.csv.0123456789ab.part'), 'another feed');
    await writeFile(join(root, 'upload/notes.part'), 'the dealer');

    await deliveryWith().deliver(feedFile, target());

    expect((await readdir(join(root, 'upload'))).sort()).toEqual([
      '.other.csv.0123456789ab.part',
      'notes.part',
      'stock.csv',
    ]);
  });

  it('replaces a file that is already at the path', async () => {
    await writeFile(join(root, 'upload/stock.csv'), 'yesterday;s stock\n');

    await deliveryWith().deliver(feedFile, target());

    expect((await readFile(join(root, 'upload/stock.csv'))).equals(content)).toBe(true);
    expect(await partFiles(join(root, 'upload'))).toEqual([]);
  });

  it('delivers an empty file (mobile.de reads it as "no vehicles")', async () => {
    const empty = join(work, 'empty.csv');
    await writeFile(empty, '');

    const receipt = await deliveryWith().deliver({ ...feedFile, path: empty, bytes: 0 }, target());

    expect(receipt.bytes).toBe(0);
    expect((await readFile(join(root, 'upload/stock.csv'))).length).toBe(0);
  });

  it('keeps the old file in place until the upload is complete', async () => {
    await writeFile(join(root, 'upload/stock.csv'), 'old');
    const source = new PassThrough();
    const half = content.length / 2;
    const delivery = deliveryWith({ openFile: (): Readable => source });

    source.write(content.subarray(0, half));
    const delivered = delivery.deliver(feedFile, target());
    const [part] = await eventually(
      async () => {
        const parts = await partFiles(join(root, 'upload'));
        if (parts.length !== 1) return undefined;
        return (await stat(join(root, 'upload', parts[0]!))).size === half ? parts : undefined;
      },
      10_000,
      'half of the file on the server',
    );

    expect(part).toMatch(/^\.stock\.csv\.[0-9a-f]+\.part$/);
    expect(await readFile(join(root, 'upload/stock.csv'), 'utf8')).toBe('old');

    source.end(content.subarray(half));
    await delivered;

    expect((await readFile(join(root, 'upload/stock.csv'))).equals(content)).toBe(true);
    expect(await partFiles(join(root, 'upload'))).toEqual([]);
  });

  it('fails at once on a wrong password, without the password in the message', async () => {
    const recorded: Recorded = { sleeps: [] };
    const wrong = 'Wrong-Pa55word!';

    const error = await deliveryWith({}, recorded)
      .deliver(feedFile, target({ password: wrong }))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FeedDeliveryError);
    expect(error).toMatchObject({ code: 'FEED_AUTH_FAILED', retryable: false, attempts: 1 });
    expect((error as Error).message).toContain(USER);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(recorded.sleeps).toEqual([]);
  });

  it('fails at once when the directory does not exist, and leaves nothing behind', async () => {
    const recorded: Recorded = { sleeps: [] };

    const error = await deliveryWith({}, recorded)
      .deliver(feedFile, target({ path: '/missing/stock.csv' }))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FEED_REJECTED', retryable: false, attempts: 1 });
    expect(recorded.sleeps).toEqual([]);
    expect(await readdir(root)).toEqual(['upload']);
  });

  it('retries a server that is down with growing waits, then gives up retryable', async () => {
    const recorded: Recorded = { sleeps: [] };
    const closedPort = await freePort();

    const error = await deliveryWith({ maxAttempts: 3, baseDelayMs: 1_000 }, recorded)
      .deliver(feedFile, target({ port: closedPort }))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FeedDeliveryError);
    expect(error).toMatchObject({ code: 'FEED_UNREACHABLE', retryable: true, attempts: 3 });
    expect(recorded.sleeps).toEqual([1_000, 2_000]);
  });

  it('refuses a host that is not public when private targets are not allowed', async () => {
    const error = await deliveryWith({ allowPrivateTargets: false })
      .deliver(feedFile, target())
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FEED_TARGET_FORBIDDEN', retryable: false });
    expect(await readdir(join(root, 'upload'))).toEqual([]);
  });

  it('fails at once for a host name that does not exist', async () => {
    const recorded: Recorded = { sleeps: [] };
    const resolve = async () => {
      throw Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' });
    };

    const error = await deliveryWith({ resolve }, recorded)
      .deliver(feedFile, target({ host: 'upload.no-such-host.example' }))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'FEED_HOST_UNKNOWN', retryable: false, attempts: 1 });
    expect(recorded.sleeps).toEqual([]);
  });

  it('reads the file again for each attempt', async () => {
    const opened: string[] = [];
    const delivery = deliveryWith({
      openFile: (path) => {
        opened.push(path);
        return createReadStream(path);
      },
    });

    await delivery.deliver(feedFile, target());
    await delivery.deliver(feedFile, target());

    expect(opened).toEqual([feedFile.path, feedFile.path]);
  });
});

describe('SFTP host key in the settings', () => {
  let root: string;
  let server: FileServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'feed-sftp-hostkey-'));
    server = await startSftpServer({ root, username: USER, password: PASSWORD });
  });

  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  const target = (hostKey: string): FileServerTarget => ({
    protocol: 'sftp',
    host: server.host,
    port: server.port,
    username: USER,
    password: PASSWORD,
    path: '/pinned.csv',
    hostKey,
  });

  it('delivers to the server that presents the pinned key', async () => {
    expect(server.hostKey).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const receipt = await deliveryWith().deliver(feedFile, target(server.hostKey!));

    expect(receipt.bytes).toBe(content.length);
    expect((await readFile(join(root, 'pinned.csv'))).equals(content)).toBe(true);
  });

  it('refuses a server with another key at once, before anything is sent', async () => {
    await rm(join(root, 'pinned.csv'), { force: true });
    const recorded: Recorded = { sleeps: [] };
    const otherKey = `SHA256:${'A'.repeat(43)}`;

    const error = await deliveryWith({}, recorded)
      .deliver(feedFile, target(otherKey))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FeedDeliveryError);
    expect(error).toMatchObject({ code: 'FEED_HOST_KEY_MISMATCH', retryable: false, attempts: 1 });
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect(recorded.sleeps).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('replaceRemoteFile (SFTP)', () => {
  // The local server cannot offer posix-rename (ssh2's server sends a fixed VERSION), so the
  // branch for servers that do is shown with a recording fake.
  function recordingClient(posixRename: () => Promise<unknown>) {
    const calls: string[] = [];
    return {
      calls,
      client: {
        posixRename: async (from: string, to: string) => {
          calls.push(`posixRename ${from} ${to}`);
          return posixRename();
        },
        rename: async (from: string, to: string) => calls.push(`rename ${from} ${to}`),
        delete: async (path: string) => calls.push(`delete ${path}`),
      },
    };
  }

  it('uses posix-rename where the server offers it', async () => {
    const { calls, client } = recordingClient(async () => 'ok');

    await replaceRemoteFile(client, '/a/.f.1.part', '/a/f');

    expect(calls).toEqual(['posixRename /a/.f.1.part /a/f']);
  });

  it('deletes, then renames, where it does not', async () => {
    const { calls, client } = recordingClient(async () => {
      throw new Error('Server does not support this extended request');
    });

    await replaceRemoteFile(client, '/a/.f.1.part', '/a/f');

    expect(calls).toEqual(['posixRename /a/.f.1.part /a/f', 'delete /a/f', 'rename /a/.f.1.part /a/f']);
  });

  it('passes on any other failure of posix-rename', async () => {
    const denied = Object.assign(new Error('Permission denied'), { code: 3 });
    const { calls, client } = recordingClient(async () => {
      throw denied;
    });

    await expect(replaceRemoteFile(client, '/a/.f.1.part', '/a/f')).rejects.toBe(denied);
    expect(calls).toEqual(['posixRename /a/.f.1.part /a/f']);
  });
});
