import type { Logger } from 'pino';
import type { ApiError } from '../../api/errors.ts';
import type { ContainerRuntime } from '../../contracts/runtime.ts';

/**
 * Finds the runtime container behind a pod's container, as kubelet looks it up
 * in its pod cache. `previous`: the instance before the current one
 * (`kubectl logs --previous`). Errors are Kubernetes' own, e.g. 400
 * `container "c" in pod "p" is waiting to start: ContainerCreating`.
 */
export type ContainerResolver = (
  namespace: string,
  pod: string,
  container: string,
  previous: boolean,
) => Promise<{ containerId: string } | { error: ApiError }>;

/** Whether a bearer token may read the pod (kubelet's webhook authentication and authorization in one). */
export type RequestAuthorizer = (token: string, namespace: string, pod: string) => Promise<boolean>;

export interface NodeServerOptions {
  host: string;
  /** 0 picks a free port */
  port: number;
  runtime: ContainerRuntime;
  resolve: ContainerResolver;
  authorize: RequestAuthorizer;
  logger: Logger;
}

export interface NodeServer {
  /** the port it listens on (the chosen one when asked for 0) */
  port: number;
  /** stops listening and ends every open log stream and exec session */
  close(): Promise<void>;
}
