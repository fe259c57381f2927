/** Pods and runtime states for the agent's table tests. */
import type { KubeObject } from '../api/types/meta.ts';
import type { ContainerInfo, PodSandbox } from '../contracts/runtime.ts';
import { emptyRuntimePod, type RuntimePod } from './runtime-pod.ts';

export function testPod(spec: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', ...extra },
    spec: { restartPolicy: 'Always', containers: [{ name: 'app', image: 'kubernel/busybox:latest' }], ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

export function sandbox(state: PodSandbox['state'], createdAt = 1000): PodSandbox {
  return { id: `sb-${createdAt}`, podUid: 'uid-1', namespace: 'default', name: 'web', state, ip: '172.17.0.5', createdAt: new Date(createdAt), labels: {} };
}

export function container(name: string, attempt: number, state: ContainerInfo['state'], exitCode?: number, labels: Record<string, string> = {}): ContainerInfo {
  return {
    id: `${name}-${attempt}`,
    sandboxId: 'sb-1000',
    podUid: 'uid-1',
    namespace: 'default',
    podName: 'web',
    name,
    attempt,
    image: 'kubernel/busybox:latest',
    imageId: 'sha256:abc',
    state,
    createdAt: new Date(2000 + attempt),
    startedAt: new Date(2000 + attempt),
    ...(state === 'exited' ? { finishedAt: new Date(3000 + attempt), exitCode: exitCode ?? 0, reason: exitCode === 0 || exitCode === undefined ? 'Completed' : 'Error' } : {}),
    labels,
  };
}

export function runtimeWith(sandboxes: PodSandbox[], containers: ContainerInfo[]): RuntimePod {
  const pod = emptyRuntimePod('uid-1', 'default', 'web');
  pod.sandboxes = sandboxes;
  for (const c of containers) {
    const list = pod.containers.get(c.name) ?? [];
    list.push(c);
    list.sort((a, b) => b.attempt - a.attempt);
    pod.containers.set(c.name, list);
  }
  return pod;
}
