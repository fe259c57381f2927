import { ApiError, type ApiErrorCode, type ApiErrorTarget } from '../api/errors.ts';
import { isRecord, type StatusCause } from '../api/types/meta.ts';

/** The reasons an ApiError can carry: the same names as Kubernetes' StatusReasons. */
const CODES_BY_REASON: Record<string, ApiErrorCode> = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Expired: 'Expired',
  Gone: 'Gone',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  TooManyRequests: 'TooManyRequests',
  ServiceUnavailable: 'ServiceUnavailable',
  InternalError: 'InternalError',
  // Timeouts have no code of their own here; the request can be retried, as a 503 can.
  ServerTimeout: 'ServiceUnavailable',
  Timeout: 'ServiceUnavailable',
};

/** Without a known reason the HTTP code decides, as client-go's reasonForError does. */
const CODES_BY_HTTP_STATUS: Record<number, ApiErrorCode> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'ServiceUnavailable',
};

function codeFor(reason: unknown, httpStatus: number): ApiErrorCode {
  if (typeof reason === 'string') {
    const byReason = CODES_BY_REASON[reason];
    if (byReason !== undefined) return byReason;
  }
  return CODES_BY_HTTP_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'InternalError' : 'BadRequest');
}

function causesOf(value: unknown): StatusCause[] {
  if (!Array.isArray(value)) return [];
  const causes: StatusCause[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const cause: StatusCause = {};
    if (typeof item['reason'] === 'string') cause.reason = item['reason'];
    if (typeof item['message'] === 'string') cause.message = item['message'];
    if (typeof item['field'] === 'string') cause.field = item['field'];
    causes.push(cause);
  }
  return causes;
}

function targetOf(details: Record<string, unknown>): ApiErrorTarget {
  const target: ApiErrorTarget = {};
  if (typeof details['group'] === 'string') target.group = details['group'];
  if (typeof details['kind'] === 'string') target.kind = details['kind'];
  if (typeof details['name'] === 'string') target.name = details['name'];
  return target;
}

export function isStatusBody(body: unknown): body is Record<string, unknown> {
  return isRecord(body) && body['kind'] === 'Status';
}

/**
 * The ApiError a failed response stands for: from its meta/v1 Status when the
 * body is one (so `toStatus()` gives back what the server sent), else from the
 * HTTP code and whatever text came back.
 */
export function apiErrorFromResponse(httpStatus: number, body: unknown, text: string): ApiError {
  if (!isStatusBody(body)) {
    const message = text.trim() === '' ? `the server responded with HTTP ${httpStatus}` : `the server responded with HTTP ${httpStatus}: ${text.trim().slice(0, 500)}`;
    return new ApiError(codeFor(undefined, httpStatus), message);
  }
  const statusCode = typeof body['code'] === 'number' && body['code'] > 0 ? body['code'] : httpStatus;
  const details = isRecord(body['details']) ? body['details'] : {};
  const message = typeof body['message'] === 'string' ? body['message'] : `the server responded with HTTP ${statusCode}`;
  return new ApiError(codeFor(body['reason'], statusCode), message, targetOf(details), causesOf(details['causes']));
}

/**
 * The error an ERROR watch event ends the watch with. A 410 is always Expired:
 * the resourceVersion fell out of the server's window and the caller must relist.
 */
export function apiErrorFromWatchStatus(status: unknown): ApiError {
  if (isStatusBody(status) && status['code'] === 410) {
    const message = typeof status['message'] === 'string' ? status['message'] : 'the watch resourceVersion is too old';
    return new ApiError('Expired', message, targetOf(isRecord(status['details']) ? status['details'] : {}));
  }
  if (isStatusBody(status)) return apiErrorFromResponse(typeof status['code'] === 'number' ? status['code'] : 500, status, '');
  return new ApiError('InternalError', `the watch ended with an ERROR event that is not a Status: ${JSON.stringify(status)?.slice(0, 200) ?? ''}`);
}

/** The API server could not be reached or the connection broke: no answer from it at all. */
export class ApiConnectionError extends Error {
  /** the system or TLS error code: ECONNREFUSED, ETIMEDOUT, SELF_SIGNED_CERT_IN_CHAIN, ... */
  readonly code: string;

  constructor(
    readonly server: string,
    code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiConnectionError';
    this.code = code;
  }
}

/** Node's codes for a certificate the client would not trust. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCode(error: unknown): string {
  if (isRecord(error) && typeof error['code'] === 'string') return error['code'];
  return 'ECONNRESET';
}

/** `cannot reach the API server at https://127.0.0.1:6443: ECONNREFUSED`, naming the TLS problem when there is one. */
export function connectionError(server: string, error: unknown): ApiConnectionError {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (TLS_CODES.has(code)) {
    return new ApiConnectionError(
      server,
      code,
      `cannot reach the API server at ${server}: TLS certificate verification failed (${code}): ${detail}; is the CA certificate the one that signed this server's certificate?`,
      { cause: error },
    );
  }
  const suffix = detail === '' || detail.includes(code) ? '' : ` (${detail})`;
  return new ApiConnectionError(server, code, `cannot reach the API server at ${server}: ${code}${suffix}`, { cause: error });
}
