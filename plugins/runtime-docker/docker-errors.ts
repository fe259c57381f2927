import { isRecord, RuntimeError, type RuntimeErrorCode } from '../../core/index.ts';

/**
 * dockerode rejects with an Error carrying the engine's HTTP status and its
 * JSON body (`{ message }`); these read them without trusting their shape.
 */
export function dockerStatusOf(error: unknown): number | undefined {
  return isRecord(error) && typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** The engine's own words ("No such container: x"), not dockerode's "(HTTP code 404) ..." wrapper. */
export function dockerMessageOf(error: unknown): string {
  if (isRecord(error)) {
    const json = error.json;
    if (isRecord(json) && typeof json.message === 'string') return json.message;
    if (typeof json === 'string' && json.trim() !== '') return json.trim();
    const reason = error.reason;
    if (typeof error.message === 'string') {
      // "(HTTP code 404) no such container - No such container: x " → the part after the dash
      const match = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(error.message.trim());
      if (match?.[1] !== undefined && match[1].trim() !== '') return match[1].trim();
      if (typeof reason === 'string' && error.message.trim() === '') return reason;
      return error.message.trim();
    }
  }
  return String(error);
}

export function isDockerNotFound(error: unknown): boolean {
  return dockerStatusOf(error) === 404;
}

/** 304 "container already stopped/started" and 409 "is not running" are the states we asked for. */
export function isDockerNoop(error: unknown): boolean {
  const status = dockerStatusOf(error);
  return status === 304 || (status === 409 && /is not running|already/i.test(dockerMessageOf(error)));
}

export function runtimeErrorFrom(code: RuntimeErrorCode, message: string, cause: unknown): RuntimeError {
  return new RuntimeError(code, message, { cause });
}

/** Runs `call`, turning a 404 into RUNTIME_ERR_NOT_FOUND for `what`. */
export async function orNotFound<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDockerNotFound(error)) throw runtimeErrorFrom('RUNTIME_ERR_NOT_FOUND', `${what} not found: ${dockerMessageOf(error)}`, error);
    throw error;
  }
}

/** Runs `call`, treating a missing object (404) or a no-op state change (304/409) as done. */
export async function ignoringMissing(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isDockerNotFound(error) || isDockerNoop(error)) return;
    throw error;
  }
}
