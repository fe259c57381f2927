/**
 * Typed views of the parts of a pod the agent's env and volume code reads. The
 * pod was validated by the API server, so a shape mismatch here means a broken
 * object; it is reported rather than guessed around.
 */
import { container as containerShape, type Container } from '../../api/kinds/pod/schema-containers.ts';
import { volume as volumeShape, type Volume } from '../../api/kinds/pod/schema-volumes.ts';
import { list, str, strMap, struct } from '../../api/kinds/support/json-shape.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { ContainerConfigError } from './object-source.ts';

export type { Container, Volume };

const specShape = struct({
  containers: list(containerShape).optional(),
  initContainers: list(containerShape).optional(),
  volumes: list(volumeShape).optional(),
  nodeName: str.optional(),
  serviceAccountName: str.optional(),
});

const metaShape = struct({
  name: str.optional(),
  namespace: str.optional(),
  uid: str.optional(),
  labels: strMap.optional(),
  annotations: strMap.optional(),
});

export interface PodMeta {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSpecParts {
  containers: Container[];
  initContainers: Container[];
  volumes: Volume[];
  nodeName: string;
  serviceAccountName: string;
}

export function podMeta(pod: KubeObject): PodMeta {
  const parsed = metaShape.safeParse(pod.metadata);
  if (!parsed.success) throw new Error(`pod metadata is malformed: ${parsed.error.message}`);
  const meta = parsed.data;
  return {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    uid: meta.uid ?? '',
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
  };
}

export function podSpecParts(pod: KubeObject): PodSpecParts {
  const parsed = specShape.safeParse(isRecord(pod['spec']) ? pod['spec'] : {});
  if (!parsed.success) throw new Error(`pod spec is malformed: ${parsed.error.message}`);
  const spec = parsed.data;
  return {
    containers: spec.containers ?? [],
    initContainers: spec.initContainers ?? [],
    volumes: spec.volumes ?? [],
    nodeName: spec.nodeName ?? '',
    serviceAccountName: spec.serviceAccountName ?? '',
  };
}

/** The container as its typed shape; a malformed one cannot be configured. */
export function parseContainer(container: Record<string, unknown>): Container {
  const parsed = containerShape.safeParse(container);
  if (!parsed.success) throw new ContainerConfigError(`container spec is malformed: ${parsed.error.message}`);
  return parsed.data;
}
