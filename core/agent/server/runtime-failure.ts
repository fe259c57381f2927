import { ApiError, isApiError } from '../../api/errors.ts';
import { isRuntimeError } from '../../contracts/runtime.ts';

/** A runtime failure as the Status the client sees: a vanished container is 404, anything else 500. */
export function runtimeFailure(error: unknown): ApiError {
  if (isApiError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isRuntimeError(error, 'RUNTIME_ERR_NOT_FOUND')) return new ApiError('NotFound', message);
  return new ApiError('InternalError', `Internal error occurred: ${message}`, {}, [{ message }]);
}
