import { CapacityExhaustedError, InstanceNotFoundError, QuotaExceededError, ThrottledError } from '../../core/index.ts';

/**
 * EC2 error codes (the <Code> of a Query-protocol error response, the SDK
 * error's `name`) the provider turns into the node-provider contract's typed
 * errors, so that callers fall back, wait or forget without knowing EC2.
 */

/** No room for this type in this zone now: another type or zone may work. */
export const CAPACITY_ERROR_CODES: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientCapacity',
  // "Your requested instance type (x) is not supported in your requested Availability Zone (z)"
  'Unsupported',
  // the zone's subnet has no address left; a launch in another zone can still succeed
  'InsufficientFreeAddressesInSubnet',
]);

/** An account limit: retrying the same launch does not help until the quota grows or machines go. */
export const QUOTA_ERROR_CODES: ReadonlySet<string> = new Set(['InstanceLimitExceeded', 'VcpuLimitExceeded', 'MaxSpotInstanceCountExceeded']);

/** EC2 asks to slow down (the SDK classifies these as throttling too and the retry strategy waits on them). */
export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);

export const NOT_FOUND_ERROR_CODES: ReadonlySet<string> = new Set(['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed']);

/** The EC2 error code of an error the SDK threw for an error response; undefined for anything else (network, programming errors). */
export function ec2ErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('$metadata' in error) || !('$fault' in error)) return undefined;
  return error.name;
}

/** Capacity and quota errors are answers, not hiccups: the retry strategy must not repeat them even when EC2 sends them with HTTP 500. */
export function isFinalAnswer(error: unknown): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && (CAPACITY_ERROR_CODES.has(code) || QUOTA_ERROR_CODES.has(code));
}

export interface ErrorContext {
  instanceType?: string;
  zone?: string;
  providerId?: string;
  /** what a caller should wait before trying again when EC2 still throttles after the retries */
  retryAfterMs: number;
}

/** The typed error for an EC2 error response, or the error itself when the contract has no type for it. */
export function toNodeProviderError(error: unknown, context: ErrorContext): unknown {
  const code = ec2ErrorCode(error);
  if (code === undefined || !(error instanceof Error)) return error;
  const message = `EC2 ${code}: ${error.message}`;
  if (CAPACITY_ERROR_CODES.has(code)) return new CapacityExhaustedError(context.instanceType ?? '', context.zone ?? '', message);
  if (QUOTA_ERROR_CODES.has(code)) return new QuotaExceededError(code, message);
  if (THROTTLING_ERROR_CODES.has(code)) return new ThrottledError(context.retryAfterMs, `${message} (still throttled after retries)`);
  if (NOT_FOUND_ERROR_CODES.has(code) && context.providerId !== undefined) return new InstanceNotFoundError(context.providerId, message);
  return error;
}
