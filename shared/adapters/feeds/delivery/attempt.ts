import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { FeedDeliveryError, type FeedFile } from '../../../application/feeds/feed-delivery';
import type { FeedTarget, FileServerTarget } from '../../../domain/feed-target';
import { capitalized } from './failures';
import type { AddressPolicy } from './target-address';

/** What every protocol's single attempt is given. */
export interface AttemptOptions extends AddressPolicy {
  /** Connecting, and any silence while connected (no byte moves either way). */
  readonly timeoutMs: number;
  /** Opens the feed file; once per attempt, since a failed attempt consumed the stream. */
  readonly openFile: (path: string) => Readable;
}

/** Where the file went and how many bytes it has there. */
export interface AttemptResult {
  readonly remotePath: string;
  readonly bytes: number;
}

/**
 * One try of one protocol, without retries. `signal` aborts it at the attempt's deadline; every
 * failure leaves as a FeedDeliveryError.
 */
export type DeliveryAttempt<Target extends FeedTarget> = (
  file: FeedFile,
  target: Target,
  signal: AbortSignal,
) => Promise<AttemptResult>;

/**
 * `.<name>.<random>.part` beside the final file: same directory (so the rename stays on one file
 * system and within the dealer's permissions), hidden and with a suffix no platform picks up as
 * a feed, random so two runs never write into each other's file.
 */
export function temporaryPathFor(finalPath: string): string {
  const directory = posix.dirname(finalPath);
  return posix.join(directory, `.${posix.basename(finalPath)}.${randomBytes(6).toString('hex')}.part`);
}

/** Whether `name` is one of our temporary files for `finalPath` (temporaryPathFor). */
function isTemporaryOf(name: string, finalPath: string): boolean {
  const prefix = `.${posix.basename(finalPath)}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{12}\.part$/.test(name.slice(prefix.length));
}

export interface CountedSource {
  readonly stream: Readable;
  /** Bytes read from the file so far. */
  bytes(): number;
}

/**
 * The file's stream, counting what passes: a file that changed between rendering and sending would
 * otherwise go out short without anyone noticing. Destroying `stream` closes the file.
 */
export function countedSource(file: Readable): CountedSource {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // pipeline destroys both sides when either fails; the consumer sees the error on `counter`.
  pipeline(file, counter, () => undefined);
  return { stream: counter, bytes: () => bytes };
}

/** The few file operations of a connected file server (FTP or SFTP) that a delivery needs. */
export interface RemoteFiles {
  upload(source: Readable, path: string): Promise<void>;
  /** The size the server holds; undefined when it cannot tell. */
  size(path: string): Promise<number | undefined>;
  /** Moves `from` onto `to`, replacing a file there. */
  replace(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** The names in a directory. */
  list(directory: string): Promise<readonly string[]>;
  /** Whether the connection still allows a clean-up. */
  connected(): boolean;
}

/**
 * The file goes up under a temporary name beside the target, is checked to be whole (what was read
 * from disk is what the file has, and what the server holds) and only then renamed onto the target:
 * a platform never reads half a file. On failure the temporary file is removed where the connection
 * still allows; after a lost connection it stays (its name never collides), and the next delivery
 * that succeeds removes it (the runs of one export never overlap: its jobs share a FIFO group).
 */
export async function uploadThenRename(
  files: RemoteFiles,
  file: FeedFile,
  target: FileServerTarget,
  openFile: AttemptOptions['openFile'],
  where: string,
): Promise<AttemptResult> {
  const temporary = temporaryPathFor(target.path);
  try {
    const source = countedSource(openFile(file.path));
    await files.upload(source.stream, temporary);
    const stored = await files.size(temporary);
    if (source.bytes() !== file.bytes || (stored !== undefined && stored !== source.bytes())) {
      throw new FeedDeliveryError(
        'FEED_INCOMPLETE',
        `${capitalized(where)} holds ${stored ?? source.bytes()} bytes of a ${file.bytes}-byte feed file.`,
      );
    }
    await files.replace(temporary, target.path);
    await removeLeftovers(files, target.path);
    return { remotePath: target.path, bytes: stored ?? source.bytes() };
  } catch (error) {
    if (files.connected()) await files.remove(temporary).catch(() => undefined);
    throw error;
  }
}

/** Temporary files that earlier attempts left behind (a lost connection): best effort, never fatal. */
async function removeLeftovers(files: RemoteFiles, finalPath: string): Promise<void> {
  try {
    const names = await files.list(posix.dirname(finalPath));
    for (const name of names.filter((candidate) => isTemporaryOf(candidate, finalPath))) {
      await files.remove(posix.join(posix.dirname(finalPath), name));
    }
  } catch {
    // The file is delivered; a leftover that stays is removed by a later run.
  }
}
