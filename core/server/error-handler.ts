import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api/errors.ts';

/**
 * Every failure leaves as a meta/v1 Status. Fastify's own errors (body too
 * large, bad media type, bad JSON) map to the reasons kube-apiserver uses;
 * anything else is a bug, logged and reported as 500 InternalError.
 */
export function registerErrorHandler(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError | ApiError, req, reply) => {
    const apiError = toApiError(error, maxBodyBytes);
    if (apiError.code === 'InternalError') req.log.error({ ...requestBindings(req), err: error }, 'request failed');
    const status = apiError.toStatus();
    // kube-apiserver's ErrorNegotiated: a Status that says when to retry says it in Retry-After too, which client-go obeys.
    const retryAfter = status.details?.retryAfterSeconds;
    if (retryAfter !== undefined && retryAfter > 0) void reply.header('Retry-After', String(retryAfter));
    void reply.code(apiError.httpStatus).type('application/json').send(JSON.stringify(status));
  });
  app.setNotFoundHandler((_req, reply) => {
    const error = new ApiError('NotFound', 'the server could not find the requested resource');
    void reply.code(404).type('application/json').send(JSON.stringify(error.toStatus()));
  });
}

/** What names a request in a log line: the server's loggers are not made per request. */
export function requestBindings(req: FastifyRequest): { reqId: string; method: string; url: string } {
  return { reqId: req.id, method: req.method, url: req.url };
}

function toApiError(error: FastifyError | ApiError, maxBodyBytes: number): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('RequestEntityTooLarge', `Request entity too large: limit is ${maxBodyBytes}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('UnsupportedMediaType', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('BadRequest', error.message);
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return new ApiError('BadRequest', error.message);
      return new ApiError('InternalError', `Internal error occurred: ${error.message}`);
  }
}
