import type { SyncMessage } from '../domain/sync-message';
import type { SyncQueue } from './ports';

interface Waiting {
  readonly messages: readonly SyncMessage[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** SQS takes at most 10 messages per SendMessageBatch. */
const BATCH = 10;

/**
 * Collects the messages that the records of one stream batch send at about the same time (the
 * batch processor handles records in parallel) and sends them 10 to a request instead of one
 * request per record. Each caller's promise settles with the request that carried its messages,
 * so a failed request fails exactly the records whose messages it held.
 */
export class CoalescingSyncQueue implements SyncQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly inner: SyncQueue) {}

  send(messages: readonly SyncMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the other records' synchronous steps and promise callbacks of this turn.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    for (const group of groupsOf(this.waiting.splice(0))) {
      this.inner.send(group.flatMap((caller) => caller.messages)).then(
        () => group.forEach((caller) => caller.resolve()),
        (error: unknown) => group.forEach((caller) => caller.reject(error)),
      );
    }
  }
}

/** Callers packed whole into requests of at most 10 messages (a larger caller goes alone). */
function groupsOf(callers: readonly Waiting[]): Waiting[][] {
  const groups: Waiting[][] = [];
  let current: Waiting[] = [];
  let size = 0;
  for (const caller of callers) {
    if (size > 0 && size + caller.messages.length > BATCH) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(caller);
    size += caller.messages.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
