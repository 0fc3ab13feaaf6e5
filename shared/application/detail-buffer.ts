import type { Detail } from '../domain/detail';
import type { DetailBatchWriter, DetailWriter } from './ports';

/**
 * Collects the details of one invocation and writes them together when its work is done: a
 * worker batch of ten listings costs one BatchWriteItem instead of ten PutItems. Should that
 * write fail, the invocation fails and its messages come back; they find their listings already
 * in step, so nothing is sent twice (the details of that batch are what is lost).
 */
export class DetailBuffer implements DetailWriter {
  private pending: Detail[] = [];

  constructor(private readonly sink: DetailBatchWriter) {}

  record(detail: Detail): Promise<void> {
    this.pending.push(detail);
    return Promise.resolve();
  }

  async flush(): Promise<void> {
    const details = this.pending;
    this.pending = [];
    if (details.length > 0) await this.sink.recordAll(details);
  }
}
