import { isIP } from 'node:net';
import { Client, FTPError } from 'basic-ftp';
import { FeedDeliveryError } from '../../../application/feeds/feed-delivery';
import type { FileServerTarget } from '../../../domain/feed-target';
import { uploadThenRename, type AttemptOptions, type DeliveryAttempt } from './attempt';
import { capitalized, networkFailure, otherFailure, replyText, timedOut } from './failures';
import { checkedAddresses } from './target-address';

/**
 * FTP and FTPS (explicit, AUTH TLS) with basic-ftp. The file goes up under a temporary name in the
 * target's directory and is renamed onto the final path only when complete, so a platform that
 * polls the directory never reads half a file. basic-ftp's timeout covers connecting, every reply
 * and any silence on the data connection. Data connections go to the control connection's
 * (checked) address, never to one a PASV reply names (basic-ftp's default).
 */
export function ftpAttempt(options: AttemptOptions): DeliveryAttempt<FileServerTarget> {
  return async (file, target, signal) => {
    const where = `the ${target.protocol.toUpperCase()} server ${target.host}:${target.port}`;
    const [address] = await checkedAddresses(target.host, options, where);
    const client = new Client(options.timeoutMs);
    const abort = () => client.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await client.access({
        host: address,
        port: target.port,
        user: target.username,
        password: target.password,
        secure: target.protocol === 'ftps',
        // Connected to the checked address; the certificate is still verified for the host name.
        ...(target.protocol === 'ftps'
          ? { secureOptions: { host: target.host, servername: isIP(target.host) ? undefined : target.host } }
          : {}),
      });
      return await uploadThenRename(
        {
          upload: async (source, path) => void (await client.uploadFrom(source, path)),
          size: (path) => storedSize(client, path),
          replace: (from, to) => replaceFile(client, from, to),
          remove: (path) => client.remove(path, true).then(() => undefined),
          list: async (directory) => (await client.list(directory)).map((entry) => entry.name),
          connected: () => !client.closed,
        },
        file,
        target,
        options.openFile,
        where,
      );
    } catch (error) {
      throw ftpFailure(error, where, target, signal.aborted);
    } finally {
      signal.removeEventListener('abort', abort);
      client.close();
    }
  };
}

/**
 * RNTO onto an existing file replaces it on most servers (vsftpd, ProFTPD, Pure-FTPd, ftp-srv call
 * rename(2)); a server that refuses (IIS, AllowOverwrite off) answers 5xx, so the old file is
 * deleted and the rename tried once more. In that short gap the platform finds no file, which it
 * reads as "nothing new", never a half file.
 */
async function replaceFile(client: Client, from: string, to: string): Promise<void> {
  try {
    await client.rename(from, to);
  } catch (error) {
    if (!(error instanceof FTPError) || error.code < 500 || error.code === 530) throw error;
    await client.remove(to, true);
    await client.rename(from, to);
  }
}

/** SIZE, where the server has it: undefined when it cannot tell, and the transfer's count has to do. */
async function storedSize(client: Client, path: string): Promise<number | undefined> {
  try {
    return await client.size(path);
  } catch (error) {
    // 500/502/504: SIZE is not implemented; a 213 without a number (ftp-srv for an empty file).
    const unimplemented = error instanceof FTPError && [500, 502, 504].includes(error.code);
    const unparsable = error instanceof Error && error.message.startsWith("Can't parse response");
    if (!unimplemented && !unparsable) throw error;
    return undefined;
  }
}

function ftpFailure(
  error: unknown,
  where: string,
  target: FileServerTarget,
  aborted: boolean,
): FeedDeliveryError {
  if (error instanceof FeedDeliveryError) return error;
  if (aborted) return timedOut(where);
  if (error instanceof FTPError) {
    const reply = replyText(error.message, [target.password]);
    if (error.code === 530) {
      return new FeedDeliveryError(
        'FEED_AUTH_FAILED',
        `${capitalized(where)} refused the login of user "${target.username}" (${reply}); check user and password.`,
      );
    }
    // 4xx: "transient negative completion" (RFC 959 §4.2): the same command may succeed later.
    if (error.code >= 400 && error.code < 500) {
      return new FeedDeliveryError('FEED_SERVER_UNAVAILABLE', `${capitalized(where)} answered: ${reply}`);
    }
    return new FeedDeliveryError('FEED_REJECTED', `${capitalized(where)} refused the upload: ${reply}`);
  }
  const network = networkFailure(error, where);
  if (network) return network;
  if (error instanceof Error && /^Timeout \(/.test(error.message)) return timedOut(where);
  if (error instanceof Error && /FIN packet|closed/i.test(error.message)) {
    return new FeedDeliveryError('FEED_UNREACHABLE', `${capitalized(where)} closed the connection.`);
  }
  return otherFailure(where);
}
