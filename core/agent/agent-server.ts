/**
 * The agent's log and exec server (kubelet's port 10250), wired to the
 * agent's pod cache: a pod's container name is found in the runtime by pod
 * uid, the latest instance or, for `--previous`, the one before.
 */
import type { Logger } from 'pino';
import { ApiError } from '../api/errors.ts';
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ContainerRuntime } from '../contracts/runtime.ts';
import { groupByPod, latestContainer, previousContainer } from './runtime-pod.ts';
import { startNodeServer } from './server/node-server.ts';
import type { NodeServer, RequestAuthorizer } from './server/types.ts';

export type AgentServer = NodeServer;

export interface AgentServerOptions {
  host: string;
  port: number;
  runtime: ContainerRuntime;
  authorize: RequestAuthorizer;
  podOf(namespace: string, name: string): KubeObject | undefined;
  logger: Logger;
}

export function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const { runtime } = options;
  return startNodeServer({
    host: options.host,
    port: options.port,
    runtime,
    authorize: options.authorize,
    logger: options.logger.child({ component: 'agent-server' }),
    async resolve(namespace, podName, container, previous) {
      const pod = options.podOf(namespace, podName);
      if (pod === undefined) return { error: new ApiError('NotFound', `pods "${podName}" not found`) };
      const uid = pod.metadata.uid ?? '';
      const runtimePod = groupByPod([], await runtime.listContainers({ podUid: uid })).get(uid);
      const found = runtimePod === undefined ? undefined : previous ? previousContainer(runtimePod, container) : latestContainer(runtimePod, container);
      if (found !== undefined) return { containerId: found.id };
      if (previous) return { error: new ApiError('BadRequest', `previous terminated container "${container}" in pod "${podName}" not found`) };
      return { error: new ApiError('BadRequest', `container "${container}" in pod "${podName}" is waiting to start: ${waitingReason(pod, container)}`) };
    },
  });
}

function waitingReason(pod: KubeObject, container: string): string {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const statuses = Array.isArray(status['containerStatuses']) ? status['containerStatuses'].filter(isRecord) : [];
  const state = statuses.find((s) => s['name'] === container)?.['state'];
  const waiting = isRecord(state) ? state['waiting'] : undefined;
  return isRecord(waiting) && typeof waiting['reason'] === 'string' ? waiting['reason'] : 'ContainerCreating';
}
