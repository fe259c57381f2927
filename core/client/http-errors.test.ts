import { describe, expect, it } from 'vitest';
import { ApiError, alreadyExists, conflict, expired, internalError, invalid, isApiError, notFound, type ApiErrorCode } from '../api/errors.ts';
import { ApiConnectionError, apiErrorFromResponse, apiErrorFromWatchStatus, connectionError } from './http-errors.ts';

describe('apiErrorFromResponse', () => {
  it.each([
    ['NotFound', notFound('pods', '', 'web')],
    ['AlreadyExists', alreadyExists('deployments', 'apps', 'web')],
    ['Conflict', conflict('configmaps', '', 'c', 'the object has been modified; please apply your changes to the latest version and try again')],
    ['Invalid', invalid('ConfigMap', '', 'Bad_Name', [{ type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "Bad_Name"' }])],
    ['Expired', expired('too old resource version: 1 (5)')],
    ['InternalError', internalError('boom')],
    ['Unauthorized', new ApiError('Unauthorized', 'Unauthorized')],
  ])('%s: the server-side error comes back whole', (code, original) => {
    const status = original.toStatus();
    const error = apiErrorFromResponse(status.code, JSON.parse(JSON.stringify(status)), JSON.stringify(status));
    expect(isApiError(error, code as ApiErrorCode)).toBe(true);
    expect(error.toStatus()).toEqual(status);
  });

  it.each([
    ['a reason without an ApiError code of its own', { kind: 'Status', status: 'Failure', reason: 'Timeout', code: 504, message: 'slow' }, 504, 'ServiceUnavailable'],
    ['no reason: the code decides', { kind: 'Status', status: 'Failure', code: 422, message: 'bad' }, 422, 'Invalid'],
    ['a 410 without reason is Gone', { kind: 'Status', status: 'Failure', code: 410, message: 'gone' }, 410, 'Gone'],
    ['not a Status, 5xx', { error: 'x' }, 502, 'InternalError'],
    ['not a Status, 4xx', undefined, 418, 'BadRequest'],
  ])('%s', (_what, body, httpStatus, code) => {
    expect(apiErrorFromResponse(httpStatus, body, JSON.stringify(body) ?? '').code).toBe(code);
  });

  it('keeps the text of an answer that is not a Status in the message', () => {
    expect(apiErrorFromResponse(502, undefined, 'Bad Gateway\n').message).toBe('the server responded with HTTP 502: Bad Gateway');
  });
});

describe('apiErrorFromWatchStatus', () => {
  it.each([
    ['410 with reason Expired', { kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 3 (40)' }, 'Expired', 'too old resource version: 3 (40)'],
    ['410 with reason Gone', { kind: 'Status', status: 'Failure', code: 410, reason: 'Gone', message: 'gone' }, 'Expired', 'gone'],
    ['500', { kind: 'Status', status: 'Failure', code: 500, reason: 'InternalError', message: 'the server is shutting down' }, 'InternalError', 'the server is shutting down'],
    ['not a Status', { foo: 1 }, 'InternalError', 'the watch ended with an ERROR event that is not a Status: {"foo":1}'],
  ])('%s', (_what, status, code, message) => {
    const error = apiErrorFromWatchStatus(status);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });
});

describe('connectionError', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED', 'cannot reach the API server at https://127.0.0.1:6443: ECONNREFUSED'],
    ['unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' }), 'ENOTFOUND', 'cannot reach the API server at https://127.0.0.1:6443: ENOTFOUND'],
    ['no code', new Error('socket hang up'), 'ECONNRESET', 'cannot reach the API server at https://127.0.0.1:6443: ECONNRESET (socket hang up)'],
  ])('%s', (_what, cause, code, message) => {
    const error = connectionError('https://127.0.0.1:6443', cause);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.cause).toBe(cause);
  });

  it('names a certificate problem as such', () => {
    const cause = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(connectionError('https://127.0.0.1:6443', cause).message).toMatch(
      /^cannot reach the API server at https:\/\/127\.0\.0\.1:6443: TLS certificate verification failed \(SELF_SIGNED_CERT_IN_CHAIN\): self-signed certificate in certificate chain; is the CA/,
    );
  });
});
