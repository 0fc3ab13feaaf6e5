import { open } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join, posix } from 'node:path';
import { FileSystem, FtpSrv, type FtpServerOptions } from 'ftp-srv';
import { freePort } from '../free-port';
import { FILE_SERVER_HOST, type FileServer, type FileServerOptions } from './file-server';

/** The parts of ftp-srv's server and connections its type declarations leave out. */
interface FtpSrvInternals {
  readonly connections: Record<string, { readonly commandSocket?: Socket }>;
}

const signals = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/**
 * An FTP server on loopback over a real directory (ftp-srv), with one login. Passive mode only, on
 * ports the OS picks: PASV/EPSV answer with 127.0.0.1 and a fresh free port each time.
 */
export async function startFtpServer(options: FileServerOptions): Promise<FileServer> {
  const port = options.port ?? (await freePort());
  // ftp-srv hooks SIGTERM/SIGINT/SIGQUIT to close itself and call process.exit(0), which would end
  // the local stack before it stops the rest (the JVM!). Its hooks are removed right away.
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const server = new FtpSrv({
    url: `ftp://${FILE_SERVER_HOST}:${port}`,
    pasv_url: FILE_SERVER_HOST,
    // 0..0: every passive listener asks the OS for a free port (ftp-srv counts up from pasv_min).
    pasv_min: 0,
    pasv_max: 0,
    anonymous: false,
    greeting: 'Local feed FTP server',
    log: silentLog,
  } satisfies FtpServerOptions);
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }

  server.on('login', ({ connection, username, password }, resolve, reject) => {
    if (username === options.username && password === options.password) {
      resolve({ fs: new UploadFileSystem(connection, { root: options.root, cwd: '/' }) });
    } else reject(new Error('Login incorrect'));
  });
  await server.listen();

  return {
    host: FILE_SERVER_HOST,
    port,
    stop: async () => {
      // Dropping the connections first: ftp-srv's own disconnect leaves a 1 s timer per client.
      const { connections } = server as unknown as FtpSrvInternals;
      for (const [id, connection] of Object.entries(connections)) {
        delete connections[id];
        connection.commandSocket?.destroy();
      }
      await server.close();
    },
  };
}

/**
 * ftp-srv's file system, except that STOR opens the file before it takes data, as real servers
 * do: a missing directory is a 550 answer instead of a reset data connection (and an unhandled
 * rejection inside ftp-srv).
 */
class UploadFileSystem extends FileSystem {
  override async write(
    fileName: string,
    { append = false, start }: { append?: boolean; start?: number } = {},
  ) {
    const clientPath = posix.resolve('/', this.cwd, fileName);
    const file = await open(join(this.root, clientPath), append ? 'a' : 'w').catch(() => {
      throw new Error('Cannot create the file: no such directory or no permission');
    });
    return { stream: file.createWriteStream(start === undefined ? {} : { start }), clientPath };
  }
}

/** ftp-srv logs through bunyan to stdout by default; the local stack's log stays ours. */
const silentLog = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silentLog,
};
