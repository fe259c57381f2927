import { RuntimeLabels, type ContainerSpec, type PodSandboxSpec } from '../../core/index.ts';

/** dockershim's label for the sandbox a container belongs to; listContainers filters on it. */
export const SANDBOX_ID_LABEL = 'io.kubernetes.sandbox.id';
/** the image id ensureImage reported, kept so that a listed container shows the same `imageID` */
export const IMAGE_ID_LABEL = 'kubernel.dev/image-id';

export const SANDBOX_TYPE = 'podsandbox';
export const CONTAINER_TYPE = 'container';

export function sandboxLabels(spec: PodSandboxSpec, nodeName: string): Record<string, string> {
  return {
    ...spec.labels,
    [RuntimeLabels.node]: nodeName,
    [RuntimeLabels.podUid]: spec.podUid,
    [RuntimeLabels.podNamespace]: spec.namespace,
    [RuntimeLabels.podName]: spec.name,
    [RuntimeLabels.type]: SANDBOX_TYPE,
  };
}

export function containerLabels(spec: ContainerSpec, nodeName: string, imageId: string): Record<string, string> {
  return {
    ...spec.labels,
    [RuntimeLabels.node]: nodeName,
    [RuntimeLabels.podUid]: spec.podUid,
    [RuntimeLabels.podNamespace]: spec.namespace,
    [RuntimeLabels.podName]: spec.podName,
    [RuntimeLabels.containerName]: spec.name,
    [RuntimeLabels.attempt]: String(spec.attempt),
    [RuntimeLabels.type]: CONTAINER_TYPE,
    [SANDBOX_ID_LABEL]: spec.sandboxId,
    [IMAGE_ID_LABEL]: imageId,
  };
}

/**
 * dockershim's names, `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`:
 * readable in `docker ps`, and unique across agents sharing one engine
 * because the pod uid is.
 */
export function containerName(spec: Pick<ContainerSpec, 'name' | 'podName' | 'namespace' | 'podUid' | 'attempt'>): string {
  return ['k8s', spec.name, spec.podName, spec.namespace, spec.podUid, String(spec.attempt)].join('_');
}

/** dockershim names a sandbox as a container called `POD`, which no real container can be (names are lowercase). */
export function sandboxName(spec: Pick<PodSandboxSpec, 'name' | 'namespace' | 'podUid'>, attempt: number): string {
  return ['k8s', 'POD', spec.name, spec.namespace, spec.podUid, String(attempt)].join('_');
}

/** Docker's list filter for `labels`, as `key=value` strings. */
export function labelFilter(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}
