import type { Status, StatusCause, StatusDetails, StatusReason } from './types/meta.ts';

/**
 * The API's error codes. Each maps once, here, to an HTTP status and a Kubernetes
 * StatusReason, so every layer (store, admission, server) raises the same error
 * and clients see exactly what a Kubernetes API server would send.
 */
const ERROR_TABLE = {
  NotFound: { http: 404, reason: 'NotFound' },
  AlreadyExists: { http: 409, reason: 'AlreadyExists' },
  Conflict: { http: 409, reason: 'Conflict' },
  Invalid: { http: 422, reason: 'Invalid' },
  BadRequest: { http: 400, reason: 'BadRequest' },
  Expired: { http: 410, reason: 'Expired' },
  Gone: { http: 410, reason: 'Gone' },
  Unauthorized: { http: 401, reason: 'Unauthorized' },
  Forbidden: { http: 403, reason: 'Forbidden' },
  MethodNotAllowed: { http: 405, reason: 'MethodNotAllowed' },
  NotAcceptable: { http: 406, reason: 'NotAcceptable' },
  UnsupportedMediaType: { http: 415, reason: 'UnsupportedMediaType' },
  RequestEntityTooLarge: { http: 413, reason: 'RequestEntityTooLarge' },
  TooManyRequests: { http: 429, reason: 'TooManyRequests' },
  ServiceUnavailable: { http: 503, reason: 'ServiceUnavailable' },
  InternalError: { http: 500, reason: 'InternalError' },
} as const satisfies Record<string, { http: number; reason: StatusReason }>;

export type ApiErrorCode = keyof typeof ERROR_TABLE;

export interface ApiErrorTarget {
  group?: string;
  kind?: string;
  name?: string;
}

/** An expected API failure; `toStatus()` renders it as the meta/v1 Status body. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly target: ApiErrorTarget;
  readonly causes: StatusCause[];

  constructor(code: ApiErrorCode, message: string, target: ApiErrorTarget = {}, causes: StatusCause[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.target = target;
    this.causes = causes;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  toStatus(): Status {
    const details: StatusDetails = {};
    if (this.target.name !== undefined) details.name = this.target.name;
    if (this.target.group !== undefined) details.group = this.target.group;
    if (this.target.kind !== undefined) details.kind = this.target.kind;
    if (this.causes.length > 0) details.causes = this.causes;
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: ERROR_TABLE[this.code].reason,
      code: this.httpStatus,
    };
    if (Object.keys(details).length > 0) status.details = details;
    return status;
  }
}

/** `pods "web"` or `deployments.apps "web"`, as Kubernetes names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function notFound(resource: string, group: string, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, { group, kind: resource, name });
}

export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
    group,
    kind: resource,
    name,
  });
}

export function conflict(resource: string, group: string, name: string, why: string): ApiError {
  return new ApiError('Conflict', `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`, {
    group,
    kind: resource,
    name,
  });
}

export interface FieldError {
  /** FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden, FieldValueTooLong, FieldValueTypeInvalid */
  type: string;
  field: string;
  message: string;
}

/** 422 Invalid with one cause per field error, as `kubectl` prints them. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const detail = errors.map((e) => `${e.field}: ${e.message}`);
  const summary = detail.length === 1 ? (detail[0] ?? '') : `[${detail.join(', ')}]`;
  return new ApiError(
    'Invalid',
    `${kind}${group === '' ? '' : `.${group}`} "${name}" is invalid: ${summary}`,
    { group, kind, name },
    errors.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

export function expired(message: string): ApiError {
  return new ApiError('Expired', message);
}

export function internalError(message: string): ApiError {
  return new ApiError('InternalError', `Internal error occurred: ${message}`);
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
