import {
  ConflictError,
  NotFoundError,
  PlatformUnavailableError,
  PreconditionFailedError,
  ValidationError,
  type FieldIssue,
} from '../../domain/errors';

/** An RFC 9457 problem document as the API returns it. */
export interface Problem {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly errors?: readonly FieldIssue[];
}

/** An error raised at the HTTP edge itself (body, content type, routing, auth). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  424: 'Failed Dependency',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Error class → HTTP status: the one translation table of the HTTP edge. */
const statusByClass: readonly [abstract new (...args: never[]) => Error, number][] = [
  [ValidationError, 422],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PreconditionFailedError, 424],
  [PlatformUnavailableError, 502],
];

export function problem(
  status: number,
  code: string,
  detail?: string,
  errors?: readonly FieldIssue[],
): Problem {
  return {
    type: 'about:blank',
    title: titles[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/**
 * Translates anything thrown into a problem. Known errors keep their message; anything else is an
 * internal error whose text never leaves the function (it is logged by the caller).
 */
export function toProblem(error: unknown): { problem: Problem; expected: boolean } {
  if (error instanceof HttpError) {
    return { problem: problem(error.status, error.code, error.message, error.issues), expected: true };
  }
  for (const [errorClass, status] of statusByClass) {
    if (error instanceof errorClass) {
      const { code, message } = error as Error & { code: string };
      const issues = error instanceof ValidationError ? error.issues : undefined;
      return { problem: problem(status, code, message, issues), expected: true };
    }
  }
  return {
    problem: problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred. It has been logged.'),
    expected: false,
  };
}
