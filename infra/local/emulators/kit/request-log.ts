import type { EmulatorRequest } from './router';

/** One platform call as the emulator saw it. Credentials are never kept, only the user name. */
export interface LoggedRequest {
  readonly seq: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly user: string | null;
  /** The request headers a platform reads (Accept, Content-Type, idempotency keys). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, when there was one (listing payloads, for the delta tests). */
  readonly body: unknown;
  readonly status: number;
  /** Set when the answer was an injected fault rather than the platform's behaviour. */
  readonly fault: 'status' | null;
  readonly durationMs: number;
}

const keptHeaders = ['accept', 'content-type', 'x-mobile-insertion-request-id', 'x-testmode'];

/** The last `capacity` platform calls, oldest first (GET /_emulator/requests). */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 1000) {}

  record(
    request: EmulatorRequest,
    outcome: { status: number; user: string | null; fault: boolean; startedAt: number },
  ): void {
    const headers: Record<string, string> = {};
    for (const name of keptHeaders) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    this.entries.push({
      seq: ++this.seq,
      at: new Date(outcome.startedAt).toISOString(),
      method: request.method,
      path: request.path,
      query: request.query.toString(),
      user: outcome.user,
      headers,
      body: parseJson(request.body),
      status: outcome.status,
      fault: outcome.fault ? 'status' : null,
      durationMs: Date.now() - outcome.startedAt,
    });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  list(): readonly LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return null;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return { bytes: body.length };
  }
}
