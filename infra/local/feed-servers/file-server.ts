/** A local file server for feed deliveries: where it listens, and how to end it. */
export interface FileServer {
  readonly host: string;
  readonly port: number;
  /** SFTP: the host key's SHA256 fingerprint, as `ssh-keygen -l -E sha256` prints it. */
  readonly hostKey?: string;
  /** Closes the listener and every open connection; afterwards no handle of it remains. */
  stop(): Promise<void>;
}

export interface FileServerOptions {
  /** A real directory; clients see it as `/` and cannot leave it. */
  readonly root: string;
  /** The one login the server accepts. */
  readonly username: string;
  readonly password: string;
  /** Default: a free port on 127.0.0.1. */
  readonly port?: number;
}

export const FILE_SERVER_HOST = '127.0.0.1';
