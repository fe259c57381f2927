import type { protos } from '@google-cloud/compute';
import { CapacityExhaustedError, InstanceNotFoundError, isRecord, QuotaExceededError } from '../../core/index.ts';

/**
 * Compute Engine's refusals, read from the two places they arrive: an HTTP
 * error with a JSON body (`{"error":{"code":403,"message":...,"errors":[{
 * "domain":"usageLimits","reason":"rateLimitExceeded"}]}}`), which the REST
 * transport throws as it came, and a zone operation that ends DONE with
 * `error.errors[].code` (ZONE_RESOURCE_POOL_EXHAUSTED, QUOTA_EXCEEDED, ...).
 */

type Operation = protos.google.cloud.compute.v1.IOperation;

/** An HTTP error of the Compute API as its body says it. */
export interface ComputeHttpError {
  status: number;
  message: string;
  /** `errors[].reason`: rateLimitExceeded, quotaExceeded, notFound, alreadyExists, ... */
  reasons: string[];
}

/** The HTTP status and body of a failed call; undefined for errors that are not the API's (network, bugs). */
export function computeHttpErrorOf(error: unknown): ComputeHttpError | undefined {
  if (!isRecord(error)) return undefined;
  const response = isRecord(error['response']) ? error['response'] : undefined;
  const status = typeof error['status'] === 'number' ? error['status'] : typeof response?.['status'] === 'number' ? response['status'] : undefined;
  if (status === undefined) return undefined;
  const body = bodyOf(error);
  const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const reasons: string[] = [];
  if (Array.isArray(inner?.['errors'])) {
    for (const item of inner['errors']) if (isRecord(item) && typeof item['reason'] === 'string') reasons.push(item['reason']);
  }
  const message = typeof inner?.['message'] === 'string' ? inner['message'] : typeof error['message'] === 'string' ? error['message'] : `HTTP ${status}`;
  return { status, message, reasons };
}

/** The transport puts the response text in the error's message; a parsed `response.data` wins where there is one. */
function bodyOf(error: Record<string, unknown>): unknown {
  const response = error['response'];
  if (isRecord(response) && isRecord(response['data'])) return response['data'];
  const text = error['message'];
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** 429, or 403 with reason rateLimitExceeded: the API's per-minute request quota, worth waiting for. */
export function isThrottled(error: unknown): boolean {
  const http = computeHttpErrorOf(error);
  if (http === undefined) return false;
  return http.status === 429 || (http.status === 403 && http.reasons.some((r) => THROTTLE_REASONS.has(r)));
}

export function isNotFound(error: unknown): boolean {
  return computeHttpErrorOf(error)?.status === 404;
}

const CAPACITY_CODES = new Set(['ZONE_RESOURCE_POOL_EXHAUSTED', 'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS']);

/** `CPUS` of "Quota 'CPUS' exceeded.  Limit: 24.0 in region us-central1." */
function quotaNameOf(message: string): string | undefined {
  return /Quota '([^']+)' exceeded/.exec(message)?.[1];
}

/** What a launch was for, to name in the typed errors. */
export interface LaunchTarget {
  instanceType: string;
  zone: string;
}

/** A zone operation that ended with errors Kubernel has no typed error for. */
export class ComputeOperationError extends Error {
  override readonly name = 'ComputeOperationError';
  constructor(
    readonly operation: string,
    readonly codes: string[],
    message: string,
  ) {
    super(message);
  }
}

/** The typed error a failed launch operation stands for; undefined when the operation succeeded. */
export function launchFailure(operation: Operation, target: LaunchTarget): Error | undefined {
  const errors = operation.error?.errors ?? [];
  if (errors.length === 0) return undefined;
  const summary = errors.map((e) => `${e.code ?? 'UNKNOWN'}: ${e.message ?? ''}`).join('; ');
  for (const e of errors) {
    const code = e.code ?? '';
    if (CAPACITY_CODES.has(code)) return new CapacityExhaustedError(target.instanceType, target.zone, `no capacity for ${target.instanceType} in ${target.zone}: ${summary}`);
    if (code === 'QUOTA_EXCEEDED') {
      const quota = quotaNameOf(e.message ?? '') ?? e.errorDetails?.find((d) => d.quotaInfo != null)?.quotaInfo?.metricName ?? 'unknown';
      return new QuotaExceededError(quota, `quota ${quota} exceeded launching ${target.instanceType} in ${target.zone}: ${summary}`);
    }
  }
  return new ComputeOperationError(operation.name ?? '', errors.map((e) => e.code ?? 'UNKNOWN'), `launching ${target.instanceType} in ${target.zone} failed: ${summary}`);
}

/** The error a failed delete operation stands for. */
export function deleteFailure(operation: Operation, providerId: string): Error | undefined {
  const errors = operation.error?.errors ?? [];
  if (errors.length === 0) return undefined;
  if (errors.some((e) => e.code === 'RESOURCE_NOT_FOUND')) return new InstanceNotFoundError(providerId);
  const summary = errors.map((e) => `${e.code ?? 'UNKNOWN'}: ${e.message ?? ''}`).join('; ');
  return new ComputeOperationError(operation.name ?? '', errors.map((e) => e.code ?? 'UNKNOWN'), `deleting ${providerId} failed: ${summary}`);
}

/** instances.insert refused at once: quota checked up front (403 quotaExceeded), or a stockout reported synchronously. */
export function insertRefusal(error: unknown, target: LaunchTarget): Error | undefined {
  const http = computeHttpErrorOf(error);
  if (http === undefined) return undefined;
  if (http.reasons.includes('quotaExceeded') || /Quota '[^']+' exceeded/.test(http.message)) {
    const quota = quotaNameOf(http.message) ?? 'unknown';
    return new QuotaExceededError(quota, `quota ${quota} exceeded launching ${target.instanceType} in ${target.zone}: ${http.message}`);
  }
  if (http.reasons.some((r) => CAPACITY_CODES.has(r)) || /ZONE_RESOURCE_POOL_EXHAUSTED/.test(http.message)) {
    return new CapacityExhaustedError(target.instanceType, target.zone, `no capacity for ${target.instanceType} in ${target.zone}: ${http.message}`);
  }
  return undefined;
}
