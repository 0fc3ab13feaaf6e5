import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import SftpClient from 'ssh2-sftp-client';
import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';
import type { FileServerTarget } from '../../../domain/feed-target';
import { uploadThenRename, type AttemptOptions, type DeliveryAttempt } from './attempt';
import { capitalized, networkFailure, otherFailure, timedOut } from './failures';
import { checkedAddresses } from './target-address';

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7) as ssh2 reports them in `code`. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const FAILURE = 4;
const OP_UNSUPPORTED = 8;

/**
 * SFTP with ssh2-sftp-client. We open the TCP connection ourselves, to the checked address and with
 * an idle timeout, and hand it to ssh2: a silent server fails the attempt instead of hanging it,
 * and ending the attempt always closes the socket. The file goes up under a temporary name and is
 * renamed onto the final path when complete (replaceRemoteFile).
 *
 * With `hostKey` in the settings the server must present that key (its SHA256 fingerprint) before
 * the password goes out; without it the key is not verified (mobile.de hands out host, user and
 * password only): the channel is encrypted, but an active man in the middle is not ruled out.
 */
export function sftpAttempt(options: AttemptOptions): DeliveryAttempt<FileServerTarget> {
  return async (file, target, signal) => {
    const where = `the SFTP server ${target.host}:${target.port}`;
    const addresses = await checkedAddresses(target.host, options, where);
    let silent = false;
    const socket = await openSocket(addresses[0]!, target.port, options.timeoutMs, signal, where);
    socket.setTimeout(options.timeoutMs, () => {
      silent = true;
      socket.destroy();
    });
    const abort = () => socket.destroy();
    signal.addEventListener('abort', abort, { once: true });
    // The library's default callbacks print to the console; errors reach us through the promises.
    const client = new SftpClient('feed-delivery', { error: () => undefined, end: () => undefined });
    try {
      await client.connect({
        sock: socket,
        username: target.username,
        password: target.password,
        readyTimeout: options.timeoutMs,
        tryKeyboard: false,
        ...(target.hostKey ? { hostVerifier: (key: Buffer) => fingerprintOf(key) === target.hostKey } : {}),
      });
      return await uploadThenRename(
        {
          upload: async (source, path) => void (await client.put(source, path)),
          size: async (path) => (await client.stat(path)).size,
          replace: (from, to) => replaceRemoteFile(client, from, to),
          remove: (path) => client.delete(path, true).then(() => undefined),
          list: async (directory) => (await client.list(directory)).map((entry) => entry.name),
          connected: () => !socket.destroyed,
        },
        file,
        target,
        options.openFile,
        where,
      );
    } catch (error) {
      throw sftpFailure(error, where, target, silent || signal.aborted);
    } finally {
      signal.removeEventListener('abort', abort);
      await client.end().catch(() => undefined);
      socket.destroy();
    }
  };
}

/** A host key's fingerprint as `ssh-keygen -l -E sha256` prints it, from the key's wire format. */
function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The renames replaceRemoteFile needs (a part of ssh2-sftp-client). */
export interface RemoteRenames {
  posixRename(from: string, to: string): Promise<unknown>;
  rename(from: string, to: string): Promise<unknown>;
  delete(path: string, notFoundOk?: boolean): Promise<unknown>;
}

/**
 * Puts `from` in place of `to`. The SFTP v3 RENAME the standard has fails when the target exists
 * (OpenSSH implements it with link(2)), so servers that offer posix-rename@openssh.com get that:
 * one atomic rename(2) that replaces the old file, so the platform sees the old or the new file,
 * never none. Other servers get delete-then-rename: in the gap between the two the platform finds
 * no file, which a polling platform reads as "no new feed", never as a half or empty one.
 */
export async function replaceRemoteFile(client: RemoteRenames, from: string, to: string): Promise<void> {
  try {
    await client.posixRename(from, to);
    return;
  } catch (error) {
    if (!unsupportedExtension(error)) throw error;
  }
  await client.delete(to, true);
  await client.rename(from, to);
}

/**
 * ssh2 throws "Server does not support this extended request" before sending anything when the
 * server's VERSION did not list posix-rename; a server that lists it but refuses answers
 * OP_UNSUPPORTED.
 */
function unsupportedExtension(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === OP_UNSUPPORTED || /does not support this extended request/i.test(error.message);
}

function openSocket(
  address: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
  where: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    const fail = (error: FeedDeliveryError) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => fail(timedOut(where));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => fail(timedOut(where)));
    socket.once('error', (error) => fail(networkFailure(error, where) ?? otherFailure(where)));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('timeout');
      // ssh2 listens from now on; this one only keeps a late error from becoming an uncaught one.
      socket.on('error', () => undefined);
      socket.setTimeout(0);
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
  });
}

function sftpFailure(
  error: unknown,
  where: string,
  target: FileServerTarget,
  silent: boolean,
): FeedDeliveryError {
  if (error instanceof FeedDeliveryError) return error;
  if (silent) return timedOut(where);
  const message = error instanceof Error ? error.message : '';
  if (/authentication methods failed/i.test(message)) {
    return new FeedDeliveryError(
      'FEED_AUTH_FAILED',
      `${capitalized(where)} refused the login of user "${target.username}"; check user and password.`,
    );
  }
  if (/timed out while waiting for handshake/i.test(message)) return timedOut(where);
  if (/host denied/i.test(message)) {
    return new FeedDeliveryError(
      'FEED_HOST_KEY_MISMATCH',
      `${capitalized(where)} presented another host key than the settings name; nothing was sent. Check the fingerprint with the server's administrator.`,
    );
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === NO_SUCH_FILE || code === PERMISSION_DENIED || code === OP_UNSUPPORTED) {
    const reason = code === NO_SUCH_FILE ? 'the directory does not exist' : 'permission denied';
    return new FeedDeliveryError(
      'FEED_REJECTED',
      `${capitalized(where)} refused the upload to ${target.path}: ${reason}.`,
    );
  }
  if (code === FAILURE) {
    return new FeedDeliveryError(
      'FEED_SERVER_UNAVAILABLE',
      `${capitalized(where)} failed to store the file.`,
    );
  }
  const network = networkFailure(error, where);
  if (network) return network;
  if (/no response from server|connection lost|not connected|closed/i.test(message)) {
    return new FeedDeliveryError('FEED_UNREACHABLE', `${capitalized(where)} closed the connection.`);
  }
  return otherFailure(where);
}
