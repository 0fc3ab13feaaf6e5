import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileServer } from './feed-servers/file-server';
import { startFtpServer } from './feed-servers/ftp-server';
import { startSftpServer } from './feed-servers/sftp-server';

/** The login of the local feed servers (printed by `npm start`; nothing secret about it). */
export const LOCAL_FEED_LOGIN = { username: 'feed-local', password: 'local-secret' } as const;

export interface FeedTargets {
  readonly ftp: FileServer & { readonly root: string };
  readonly sftp: FileServer & { readonly root: string };
  stop(): Promise<void>;
}

/**
 * An FTP and an SFTP server on loopback, where feed exports of the local stack deliver: files
 * land in `<dataDir>/feeds/{ftp,sftp}` (a temp directory without a data dir). Fixed ports keep a
 * stored export's delivery valid across restarts; 0 picks free ones (tests).
 */
export async function startFeedTargets(options: {
  readonly dataDir?: string;
  readonly ftpPort: number;
  readonly sftpPort: number;
}): Promise<FeedTargets> {
  const base = options.dataDir ? join(options.dataDir, 'feeds') : mkdtempSync(join(tmpdir(), 'feeds-'));
  const roots = { ftp: join(base, 'ftp'), sftp: join(base, 'sftp') };
  for (const root of Object.values(roots)) mkdirSync(root, { recursive: true });
  const ftp = await startFtpServer({
    root: roots.ftp,
    ...LOCAL_FEED_LOGIN,
    port: options.ftpPort || undefined,
  });
  try {
    const sftp = await startSftpServer({
      root: roots.sftp,
      ...LOCAL_FEED_LOGIN,
      port: options.sftpPort || undefined,
    });
    return {
      ftp: Object.assign(ftp, { root: roots.ftp }),
      sftp: Object.assign(sftp, { root: roots.sftp }),
      stop: async () => {
        await Promise.all([ftp.stop(), sftp.stop()]);
      },
    };
  } catch (error) {
    await ftp.stop();
    throw error;
  }
}
