import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { freePort } from '../free-port';
import { FILE_SERVER_HOST, type FileServer, type FileServerOptions } from './file-server';
import { serveSftp } from './sftp-subsystem';

/**
 * An SFTP server on loopback over a real directory (ssh2's Server with our SFTP subsystem,
 * sftp-subsystem.ts), with one password login and a host key made at start. Connections come in
 * through our own net.Server and are handed to ssh2, so `stop()` can close every one of them.
 */
export async function startSftpServer(options: FileServerOptions): Promise<FileServer> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const ssh = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    // A client that goes away mid-handshake is its own business.
    client.on('error', () => undefined);
    client.on('authentication', (context) => {
      if (
        context.method === 'password' &&
        context.username === options.username &&
        context.password === options.password
      ) {
        context.accept();
      } else {
        context.reject(['password']);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), options.root));
      });
    });
  });

  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, FILE_SERVER_HOST, () => {
      listener.removeListener('error', reject);
      resolve();
    });
  });

  const publicKey = ssh2.utils.parseKey(hostKey.public);
  if (publicKey instanceof Error) throw publicKey;
  return {
    host: FILE_SERVER_HOST,
    port,
    // As `ssh-keygen -l -E sha256` prints it: computed here, apart from the client code it checks.
    hostKey: `SHA256:${createHash('sha256').update(publicKey.getPublicSSH()).digest('base64').replace(/=+$/, '')}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
