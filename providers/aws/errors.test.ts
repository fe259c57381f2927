import { describe, expect, it } from 'vitest';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { CapacityExhaustedError, InstanceNotFoundError, QuotaExceededError, ThrottledError } from '../../core/index.ts';
import { ec2ErrorCode, isFinalAnswer, toNodeProviderError } from './errors.ts';
import { backoffDelayMs, BackoffRetryStrategy } from './retry.ts';

function ec2Error(code: string, status: number): EC2ServiceException {
  return new EC2ServiceException({ name: code, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${code} happened` });
}

type RetryErrorInfo = Parameters<BackoffRetryStrategy['refreshRetryTokenForRetry']>[1];

/** What the SDK's retry middleware hands the strategy (its SdkError type wants an Error-typed `cause`). */
function retryInfo(errorType: RetryErrorInfo['errorType'], error: EC2ServiceException): RetryErrorInfo {
  return { errorType, error: Object.assign(error, { cause: undefined }) };
}

const context = { instanceType: 'm5.large', zone: 'us-east-1a', providerId: 'aws:///us-east-1a/i-0123456789abcdef0', retryAfterMs: 40 };

describe('EC2 errors as node-provider errors', () => {
  it.each([
    ['InsufficientInstanceCapacity', 500, CapacityExhaustedError],
    ['InsufficientCapacity', 500, CapacityExhaustedError],
    ['Unsupported', 400, CapacityExhaustedError],
    ['InsufficientFreeAddressesInSubnet', 400, CapacityExhaustedError],
    ['InstanceLimitExceeded', 400, QuotaExceededError],
    ['VcpuLimitExceeded', 400, QuotaExceededError],
    ['MaxSpotInstanceCountExceeded', 400, QuotaExceededError],
    ['RequestLimitExceeded', 503, ThrottledError],
    ['InvalidInstanceID.NotFound', 400, InstanceNotFoundError],
    ['InvalidInstanceID.Malformed', 400, InstanceNotFoundError],
  ])('maps %s (HTTP %i) to %o', (code, status, type) => {
    const mapped = toNodeProviderError(ec2Error(code, status), context);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped).toMatchObject({ message: expect.stringContaining(`EC2 ${code}: ${code} happened`) });
  });

  it('keeps what it maps from: type and zone, quota name, back-off, provider id', () => {
    expect(toNodeProviderError(ec2Error('Unsupported', 400), context)).toMatchObject({ instanceType: 'm5.large', zone: 'us-east-1a' });
    expect(toNodeProviderError(ec2Error('VcpuLimitExceeded', 400), context)).toMatchObject({ quota: 'VcpuLimitExceeded' });
    expect(toNodeProviderError(ec2Error('RequestLimitExceeded', 503), context)).toMatchObject({ retryAfterMs: 40 });
    expect(toNodeProviderError(ec2Error('InvalidInstanceID.NotFound', 400), context)).toMatchObject({ providerId: context.providerId });
  });

  it.each([
    ['an error the contract has no type for', ec2Error('UnauthorizedOperation', 403)],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a value that is no error', 'boom'],
  ])('passes %s through unchanged', (_name, error) => {
    expect(toNodeProviderError(error, context)).toBe(error);
  });

  it('says which errors are answers rather than hiccups', () => {
    expect(isFinalAnswer(ec2Error('InsufficientInstanceCapacity', 500))).toBe(true);
    expect(isFinalAnswer(ec2Error('VcpuLimitExceeded', 400))).toBe(true);
    expect(isFinalAnswer(ec2Error('InternalError', 500))).toBe(false);
    expect(ec2ErrorCode(new TypeError('x'))).toBeUndefined();
  });
});

describe('the EC2 client’s retry strategy', () => {
  const half = () => 0; // jitter at its low end: exactly half the back-off

  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [20, 20_000],
  ])('waits, before retry %i, base × 2^n capped at 20 s (%i ms)', (retries, delay) => {
    expect(backoffDelayMs(100, retries)).toBe(delay);
  });

  it('retries throttling and transient errors until maxAttempts, with growing waits', async () => {
    const strategy = new BackoffRetryStrategy(3, 100, half);
    const first = await strategy.acquireInitialRetryToken();
    const second = await strategy.refreshRetryTokenForRetry(first, retryInfo('THROTTLING', ec2Error('RequestLimitExceeded', 503)));
    const third = await strategy.refreshRetryTokenForRetry(second, retryInfo('TRANSIENT', ec2Error('InternalError', 500)));
    expect([second.getRetryCount(), second.getRetryDelay(), third.getRetryCount(), third.getRetryDelay()]).toEqual([1, 50, 2, 100]);
    const last = ec2Error('RequestLimitExceeded', 503);
    await expect(strategy.refreshRetryTokenForRetry(third, retryInfo('THROTTLING', last))).rejects.toBe(last);
    expect(strategy.retryAfterMs()).toBe(400);
  });

  it.each([
    ['InsufficientInstanceCapacity sent with HTTP 500', 'TRANSIENT', ec2Error('InsufficientInstanceCapacity', 500)],
    ['a client error', 'CLIENT_ERROR', ec2Error('InvalidParameterValue', 400)],
    ['a server error that is not transient', 'SERVER_ERROR', ec2Error('InternalError', 501)],
  ] as const)('does not retry %s', async (_name, errorType, error) => {
    const strategy = new BackoffRetryStrategy(5, 100, half);
    await expect(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), retryInfo(errorType, error))).rejects.toBe(error);
  });
});
