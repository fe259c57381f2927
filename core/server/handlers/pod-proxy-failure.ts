import { ApiError } from '../../api/errors.ts';

/**
 * A failure to reach a node's agent. kube-apiserver reports these as a 500
 * Status without a reason (apierrors.ErrorToAPIStatus of a plain error), which
 * kubectl prints as "Error from server: ...".
 */
export class UnreachableNodeError extends Error {
  override readonly name = 'UnreachableNodeError';

  toStatus(): Record<string, unknown> {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, code: 500 };
  }
}

export function isUnreachableNode(error: unknown): error is UnreachableNodeError {
  return error instanceof UnreachableNodeError;
}

/** Any failure of a proxied request as its Status body and HTTP code; `unexpected` marks a bug worth logging. */
export function failureStatus(error: unknown): { code: number; body: Record<string, unknown>; unexpected: boolean } {
  if (error instanceof ApiError) return { code: error.httpStatus, body: { ...error.toStatus() }, unexpected: false };
  if (isUnreachableNode(error)) return { code: 500, body: error.toStatus(), unexpected: false };
  const message = error instanceof Error ? error.message : String(error);
  const internal = new ApiError('InternalError', `Internal error occurred: ${message}`, {}, [{ message }]);
  return { code: 500, body: { ...internal.toStatus() }, unexpected: true };
}
