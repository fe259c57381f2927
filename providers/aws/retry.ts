import type { EC2ClientConfig } from '@aws-sdk/client-ec2';
import { isFinalAnswer } from './errors.ts';

/**
 * The SDK's retry strategy for the provider's EC2 client: the SDK re-sends a
 * request EC2 throttled (RequestLimitExceeded) or failed transiently (5xx,
 * network) after an exponential back-off, at most `maxAttempts` times in all.
 * Ours rather than the SDK's standard one because EC2 sends
 * InsufficientInstanceCapacity with HTTP 500, which the standard strategy
 * retries as transient, although capacity does not come back in seconds: the
 * caller should try the next type or zone at once. The back-off base is an
 * option so that tests wait milliseconds.
 */

type SdkRetryStrategy = NonNullable<EC2ClientConfig['retryStrategy']>;
type RetryStrategyV2 = Extract<SdkRetryStrategy, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/** no single wait longer than this, whatever the attempt (the SDK's own cap) */
export const MAX_RETRY_DELAY_MS = 20_000;

function tokenOf(retryCount: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delayMs };
}

/** The wait before retry number `retries + 1`, without jitter: base, 2 × base, 4 × base, ... capped. */
export function backoffDelayMs(baseDelayMs: number, retries: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseDelayMs * 2 ** retries);
}

export class BackoffRetryStrategy implements RetryStrategyV2 {
  constructor(
    readonly maxAttempts: number,
    readonly baseDelayMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  acquireInitialRetryToken(): Promise<RetryToken> {
    return Promise.resolve(tokenOf(0, 0));
  }

  refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount();
    const retryable = (info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT') && !isFinalAnswer(info.error);
    // A rejection tells the SDK to give up; it then throws the last error it got from EC2.
    if (!retryable || retries + 1 >= this.maxAttempts) return Promise.reject(info.error ?? new Error('EC2 request failed'));
    // Half the back-off fixed, half random, so that clients throttled together do not retry together.
    const delay = backoffDelayMs(this.baseDelayMs, retries) * (0.5 + this.random() / 2);
    return Promise.resolve(tokenOf(retries + 1, Math.round(delay)));
  }

  recordSuccess(): void {
    // No retry budget to refill: attempts are bounded per request.
  }

  /** What a caller should wait after the SDK gave up: the back-off the next retry would have taken. */
  retryAfterMs(): number {
    return backoffDelayMs(this.baseDelayMs, this.maxAttempts - 1);
  }
}
