import { describe, expect, it } from 'vitest';
import { CapacityExhaustedError, InstanceNotFoundError, QuotaExceededError } from '../../core/index.ts';
import { ComputeOperationError, computeHttpErrorOf, deleteFailure, insertRefusal, isNotFound, isThrottled, launchFailure } from './errors.ts';
import { notFoundBody, quotaExceededBody, quotaExceededOperation, rateLimitBody, tooManyRequestsBody, zoneResourcePoolExhausted, type Json } from './test-support/compute-fixtures.ts';

/** What the REST transport throws for an HTTP error: status, and the body's text as the message. */
function transportError(status: number, body: Json): Error & { status: number } {
  return Object.assign(new Error(JSON.stringify(body)), { status, code: status });
}

const target = { instanceType: 'e2-standard-4', zone: 'us-central1-a' };

describe('Compute Engine errors', () => {
  it('reads status, message and reasons from the body the transport kept', () => {
    expect(computeHttpErrorOf(transportError(404, notFoundBody('p', 'us-central1-a', 'x')))).toEqual({
      status: 404,
      message: "The resource 'projects/p/zones/us-central1-a/instances/x' was not found",
      reasons: ['notFound'],
    });
    expect(computeHttpErrorOf(new Error('socket hang up'))).toBeUndefined();
  });

  it.each([
    ['429 RESOURCE_EXHAUSTED', transportError(429, tooManyRequestsBody()), true],
    ['403 rateLimitExceeded', transportError(403, rateLimitBody('1')), true],
    ['403 quotaExceeded (a resource quota, not the request rate)', transportError(403, quotaExceededBody('us-central1', 8)), false],
    ['404', transportError(404, notFoundBody('p', 'z', 'x')), false],
    ['a network error', new Error('ECONNRESET'), false],
  ])('%s is throttling: %s', (_what, error, throttled) => {
    expect(isThrottled(error)).toBe(throttled);
  });

  it('knows a 404', () => {
    expect(isNotFound(transportError(404, notFoundBody('p', 'z', 'x')))).toBe(true);
    expect(isNotFound(transportError(403, rateLimitBody('1')))).toBe(false);
  });

  it('maps a stockout operation to CapacityExhaustedError for the launch target', () => {
    const failure = zoneResourcePoolExhausted('p', 'us-central1-a', 'e2-standard-4', 'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS');
    const error = launchFailure({ name: 'operation-1', status: 'DONE', error: { errors: failure.errors } }, target);
    expect(error).toBeInstanceOf(CapacityExhaustedError);
    expect(error).toMatchObject({ instanceType: 'e2-standard-4', zone: 'us-central1-a' });
  });

  it('maps a QUOTA_EXCEEDED operation to QuotaExceededError named after the quota', () => {
    const error = launchFailure({ name: 'operation-1', status: 'DONE', error: { errors: quotaExceededOperation('us-central1', 24).errors } }, target);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toMatchObject({ quota: 'CPUS' });
  });

  it('takes the quota from quotaInfo when the message does not name it', () => {
    const error = launchFailure({ name: 'op', error: { errors: [{ code: 'QUOTA_EXCEEDED', message: 'Quota exceeded.', errorDetails: [{ quotaInfo: { metricName: 'compute.googleapis.com/n2_cpus' } }] }] } }, target);
    expect(error).toMatchObject({ quota: 'compute.googleapis.com/n2_cpus' });
  });

  it('passes other operation errors on with their codes, and nothing for a clean operation', () => {
    const error = launchFailure({ name: 'op', error: { errors: [{ code: 'RESOURCE_NOT_READY', message: 'The resource is not ready' }] } }, target);
    expect(error).toBeInstanceOf(ComputeOperationError);
    expect(error).toMatchObject({ codes: ['RESOURCE_NOT_READY'] });
    expect(launchFailure({ name: 'op', status: 'DONE', error: null }, target)).toBeUndefined();
  });

  it('maps a delete operation that found nothing to InstanceNotFoundError', () => {
    expect(deleteFailure({ name: 'op', error: { errors: [{ code: 'RESOURCE_NOT_FOUND', message: 'gone' }] } }, 'gce://p/z/x')).toBeInstanceOf(InstanceNotFoundError);
    expect(deleteFailure({ name: 'op', error: { errors: [] } }, 'gce://p/z/x')).toBeUndefined();
  });

  it('maps an insert refused up front for quota, and leaves other refusals alone', () => {
    expect(insertRefusal(transportError(403, quotaExceededBody('us-central1', 8)), target)).toMatchObject({ code: 'NODE_PROVIDER_ERR_QUOTA_EXCEEDED', quota: 'CPUS' });
    expect(insertRefusal(transportError(409, { error: { code: 409, message: 'already exists', errors: [{ reason: 'alreadyExists' }] } }), target)).toBeUndefined();
    expect(insertRefusal(new Error('ECONNRESET'), target)).toBeUndefined();
  });
});
