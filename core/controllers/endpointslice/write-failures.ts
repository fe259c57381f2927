import { isApiError } from '../../api/errors.ts';

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A creation refused because the namespace is going away: it would fail on every retry. */
export function namespaceTerminating(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.causes.some((c) => c.reason === 'NamespaceTerminating') || (error.code === 'Forbidden' && error.message.includes('is being terminated'));
}
