import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';

const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

type Handle =
  | { readonly kind: 'file'; readonly file: FileHandle }
  | { readonly kind: 'dir'; readonly path: string; listed: boolean };

/**
 * A minimal SFTP v3 server over a real directory, enough for ssh2-sftp-client's put, stat, rename,
 * delete and list (and get): OPEN READ WRITE CLOSE STAT LSTAT FSTAT SETSTAT FSETSTAT REMOVE RENAME
 * MKDIR RMDIR OPENDIR READDIR REALPATH. Paths are virtual: `/` is `root`, and `..` cannot leave it.
 *
 * RENAME keeps the SFTP v3 rule that OpenSSH follows: it fails when the target exists. posix-rename
 * is not offered (ssh2's server sends a fixed VERSION without extensions), so clients take their
 * delete-then-rename path here.
 */
export function serveSftp(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;

  const real = (path: string) => join(root, posix.resolve('/', path));
  const toBuffer = (id: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    return buffer;
  };
  const handleOf = (buffer: Buffer) => (buffer.length === 4 ? handles.get(buffer.readUInt32BE()) : undefined);
  const add = (handle: Handle) => {
    const id = nextHandle++;
    handles.set(id, handle);
    return toBuffer(id);
  };

  /** Runs one request; a file system error becomes the status SFTP has for it. */
  const serve = (reqId: number, work: () => Promise<void>) => {
    work().catch((error: unknown) => sftp.status(reqId, statusOf(error)));
  };
  const ok = (reqId: number) => sftp.status(reqId, STATUS_CODE.OK);
  const badHandle = (reqId: number) => sftp.status(reqId, STATUS_CODE.FAILURE, 'invalid handle');

  sftp.on('OPEN', (reqId: number, filename: string, flags: number, attrs: Attributes) =>
    serve(reqId, async () => {
      const mode = flagsToString(flags);
      if (!mode) return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
      const file = await open(real(filename), mode, attrs.mode ? attrs.mode & 0o777 : 0o644);
      sftp.handle(reqId, add({ kind: 'file', file }));
    }),
  );
  sftp.on('READ', (reqId: number, buffer: Buffer, offset: number, length: number) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'file') return badHandle(reqId);
      const data = Buffer.alloc(length);
      const { bytesRead } = await handle.file.read(data, 0, length, offset);
      if (bytesRead === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.data(reqId, data.subarray(0, bytesRead));
    }),
  );
  sftp.on('WRITE', (reqId: number, buffer: Buffer, offset: number, data: Buffer) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'file') return badHandle(reqId);
      await handle.file.write(data, 0, data.length, offset);
      ok(reqId);
    }),
  );
  sftp.on('FSTAT', (reqId: number, buffer: Buffer) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'file') return badHandle(reqId);
      sftp.attrs(reqId, attributesOf(await handle.file.stat()));
    }),
  );
  sftp.on('FSETSTAT', (reqId: number, buffer: Buffer, attrs: Attributes) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'file') return badHandle(reqId);
      if (attrs.mode !== undefined) await handle.file.chmod(attrs.mode & 0o777);
      ok(reqId);
    }),
  );
  sftp.on('SETSTAT', (reqId: number, path: string) =>
    serve(reqId, async () => {
      // Modes and times are not kept apart from the file system's own; the file must exist.
      await stat(real(path));
      ok(reqId);
    }),
  );
  sftp.on('CLOSE', (reqId: number, buffer: Buffer) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (!handle) return badHandle(reqId);
      handles.delete(buffer.readUInt32BE());
      if (handle.kind === 'file') await handle.file.close();
      ok(reqId);
    }),
  );
  for (const event of ['STAT', 'LSTAT'] as const) {
    sftp.on(event, (reqId: number, path: string) =>
      serve(reqId, async () => {
        sftp.attrs(reqId, attributesOf(await (event === 'STAT' ? stat : lstat)(real(path))));
      }),
    );
  }
  sftp.on('REMOVE', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await unlink(real(path));
      ok(reqId);
    }),
  );
  sftp.on('RMDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await rmdir(real(path));
      ok(reqId);
    }),
  );
  sftp.on('MKDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      await mkdir(real(path));
      ok(reqId);
    }),
  );
  sftp.on('RENAME', (reqId: number, from: string, to: string) =>
    serve(reqId, async () => {
      const exists = await lstat(real(to)).then(
        () => true,
        () => false,
      );
      if (exists) return sftp.status(reqId, STATUS_CODE.FAILURE, 'target exists');
      await rename(real(from), real(to));
      ok(reqId);
    }),
  );
  sftp.on('OPENDIR', (reqId: number, path: string) =>
    serve(reqId, async () => {
      if (!(await stat(real(path))).isDirectory())
        return sftp.status(reqId, STATUS_CODE.FAILURE, 'not a directory');
      sftp.handle(reqId, add({ kind: 'dir', path: real(path), listed: false }));
    }),
  );
  sftp.on('READDIR', (reqId: number, buffer: Buffer) =>
    serve(reqId, async () => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'dir') return badHandle(reqId);
      // Everything in one answer, then EOF: the directories of a feed server are small.
      if (handle.listed) return sftp.status(reqId, STATUS_CODE.EOF);
      handle.listed = true;
      const names = await readdir(handle.path);
      const entries: FileEntry[] = [];
      for (const name of names) {
        const stats = await lstat(join(handle.path, name)).catch(() => undefined);
        if (stats)
          entries.push({ filename: name, longname: longnameOf(name, stats), attrs: attributesOf(stats) });
      }
      if (entries.length === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.name(reqId, entries);
    }),
  );
  sftp.on('REALPATH', (reqId: number, path: string) => {
    const resolved = posix.resolve('/', path);
    sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: {} as Attributes }]);
  });

  // A client that disconnects mid-transfer must not leave file descriptors open.
  const closeAll = () => {
    for (const handle of handles.values())
      if (handle.kind === 'file') void handle.file.close().catch(() => undefined);
    handles.clear();
  };
  sftp.once('end', closeAll);
  sftp.once('close', closeAll);
}

function statusOf(error: unknown): number {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function attributesOf(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

/** `ls -l` style: clients read the type from its first letter. */
function longnameOf(name: string, stats: Stats): string {
  const type = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : '-';
  const permissions = [6, 3, 0]
    .map((shift) => {
      const bits = (stats.mode >> shift) & 7;
      return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
    })
    .join('');
  const date = stats.mtime.toISOString().slice(0, 10);
  return `${type}${permissions} 1 feed feed ${stats.size} ${date} ${name}`;
}
