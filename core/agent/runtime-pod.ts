/**
 * What the runtime holds of one pod: its sandboxes and, per container name,
 * its container instances newest attempt first (kubelet's kubecontainer.PodStatus).
 */
import type { ContainerInfo, PodSandbox } from '../contracts/runtime.ts';

export interface RuntimePod {
  uid: string;
  namespace: string;
  name: string;
  /** newest first */
  sandboxes: PodSandbox[];
  /** per container name, newest attempt first */
  containers: Map<string, ContainerInfo[]>;
}

export function emptyRuntimePod(uid: string, namespace: string, name: string): RuntimePod {
  return { uid, namespace, name, sandboxes: [], containers: new Map() };
}

/** Groups a runtime listing by pod uid. */
export function groupByPod(sandboxes: readonly PodSandbox[], containers: readonly ContainerInfo[]): Map<string, RuntimePod> {
  const pods = new Map<string, RuntimePod>();
  const podOf = (uid: string, namespace: string, name: string): RuntimePod => {
    let pod = pods.get(uid);
    if (pod === undefined) {
      pod = emptyRuntimePod(uid, namespace, name);
      pods.set(uid, pod);
    }
    return pod;
  };
  for (const sandbox of sandboxes) podOf(sandbox.podUid, sandbox.namespace, sandbox.name).sandboxes.push(sandbox);
  for (const container of containers) {
    const pod = podOf(container.podUid, container.namespace, container.podName);
    const list = pod.containers.get(container.name) ?? [];
    list.push(container);
    pod.containers.set(container.name, list);
  }
  for (const pod of pods.values()) {
    pod.sandboxes.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    for (const list of pod.containers.values()) list.sort((a, b) => b.attempt - a.attempt || b.createdAt.getTime() - a.createdAt.getTime());
  }
  return pods;
}

/** the ready sandbox the pod's containers run in, if it has one */
export function readySandbox(pod: RuntimePod): PodSandbox | undefined {
  const newest = pod.sandboxes[0];
  return newest?.state === 'ready' ? newest : undefined;
}

export function latestContainer(pod: RuntimePod, name: string): ContainerInfo | undefined {
  return pod.containers.get(name)?.[0];
}

/** the instance before the latest: what `kubectl logs --previous` reads and lastState shows */
export function previousContainer(pod: RuntimePod, name: string): ContainerInfo | undefined {
  return pod.containers.get(name)?.[1];
}

export function anyRunning(pod: RuntimePod): boolean {
  for (const list of pod.containers.values()) if (list.some((c) => c.state === 'running' || c.state === 'created')) return true;
  return false;
}
