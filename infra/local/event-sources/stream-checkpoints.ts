import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LocalLog } from '../log';
import { messageOf } from './abortable';

interface CheckpointState {
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; ended?: true }>;
}

/**
 * The last processed sequence number per shard, in memory and (with a file) on disk. Writes are
 * serialised, coalesced and atomic (temp file + rename), so a crash leaves the old or the new state.
 */
export class CheckpointStore {
  private state: CheckpointState;
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;

  constructor(
    private readonly file: string | undefined,
    streamArn: string,
    private readonly log: LocalLog,
  ) {
    this.state = { streamArn, shards: {} };
    if (file) this.load(file, streamArn);
  }

  sequenceOf(shardId: string): string | undefined {
    return this.state.shards[shardId]?.sequenceNumber;
  }

  hasEnded(shardId: string): boolean {
    return this.state.shards[shardId]?.ended === true;
  }

  advance(shardId: string, sequenceNumber: string): void {
    this.state.shards[shardId] = { sequenceNumber };
    this.persist();
  }

  end(shardId: string): void {
    this.state.shards[shardId] = { ...this.state.shards[shardId], ended: true };
    this.persist();
  }

  /** Shards trimmed from the stream will never be listed again. */
  forgetShardsOtherThan(listed: ReadonlySet<string>): void {
    const stale = Object.keys(this.state.shards).filter((shardId) => !listed.has(shardId));
    if (stale.length === 0) return;
    for (const shardId of stale) delete this.state.shards[shardId];
    this.persist();
  }

  flush(): Promise<void> {
    return this.writing;
  }

  private load(file: string, streamArn: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const saved = JSON.parse(text) as Partial<CheckpointState>;
      if (saved.streamArn !== streamArn || typeof saved.shards !== 'object' || saved.shards === null) {
        // A recreated table has a new stream: the old positions mean nothing there.
        this.log.warn('checkpoint belongs to another stream; starting at the starting position', { file });
        return;
      }
      this.state.shards = saved.shards;
    } catch (error) {
      this.log.warn('unreadable checkpoint; starting at the starting position', {
        file,
        error: messageOf(error),
      });
    }
  }

  private persist(): void {
    const file = this.file;
    if (!file || this.writeQueued) return;
    this.writeQueued = true;
    this.writing = this.writing.then(async () => {
      this.writeQueued = false;
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(temporary, JSON.stringify(this.state, null, 2));
        await rename(temporary, file);
      } catch (error) {
        this.log.error('cannot write the stream checkpoint', { file, error: messageOf(error) });
      }
    });
  }
}
