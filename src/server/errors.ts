/**
 * The closed set of API errors. Every error response is `{"detail": "…"}` with the status of its
 * code; the detail is a public sentence, never a stack, a path or a secret.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a public message; thrown by hooks and services, answered by one onError. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

export const unauthorized = (): ApiError => new ApiError('UNAUTHORIZED', 'Unauthorized', { 'www-authenticate': 'Bearer' });
export const forbidden = (): ApiError => new ApiError('FORBIDDEN', 'Forbidden');

interface ValidationIssue {
  path?: string;
  message?: string;
  summary?: string;
}

/**
 * Turns TypeBox validation issues into one readable sentence naming the fields, e.g.
 * `body.text: Expected string`.
 */
export function describeValidation(where: string, issues: readonly ValidationIssue[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of issues) {
    const field = [where, ...(issue.path ?? '').split('/').filter(Boolean)].join('.');
    const line = `${field}: ${issue.message ?? issue.summary ?? 'is invalid'}`;
    if (!seen.has(field)) {
      seen.add(field);
      parts.push(line);
    }
    if (parts.length === 5) break;
  }
  return parts.length ? `Invalid request: ${parts.join('; ')}` : `Invalid request ${where}`;
}
