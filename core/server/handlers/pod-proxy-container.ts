import { badRequest } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';

function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => (isRecord(c) && typeof c['name'] === 'string' ? [c['name']] : []));
}

/** Every container of the pod in podutil.VisitContainers' order: init, regular, then ephemeral. */
export function allContainerNames(pod: KubeObject): string[] {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  return [...namesOf(spec['initContainers']), ...namesOf(spec['containers']), ...namesOf(spec['ephemeralContainers'])];
}

/**
 * The container a log or exec request addresses (kube-apiserver's
 * validateContainer): the named one, which must exist; else the pod's only
 * regular container. The `kubectl.kubernetes.io/default-container`
 * annotation is kubectl's business: it reads it and names the container
 * itself, so the server does not.
 */
export function chooseContainer(pod: KubeObject, requested: string | undefined): string {
  const name = pod.metadata.name ?? '';
  if (requested !== undefined && requested !== '') {
    if (!allContainerNames(pod).includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const regular = namesOf(spec['containers']);
  const only = regular[0];
  if (regular.length === 1 && only !== undefined) return only;
  if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  // Go prints a []string as [a b c].
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${allContainerNames(pod).join(' ')}]`);
}
