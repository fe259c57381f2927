import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/** kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds */
export interface DefaultTolerationSeconds {
  notReady: number;
  unreachable: number;
}

export const DEFAULT_TOLERATION_SECONDS: Readonly<DefaultTolerationSeconds> = Object.freeze({ notReady: 300, unreachable: 300 });

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** A toleration that already covers `key`'s NoExecute taint: that key or any key, NoExecute or any effect. */
function covers(toleration: unknown, key: string): boolean {
  if (!isRecord(toleration)) return false;
  const tolerationKey = toleration['key'] ?? '';
  const effect = toleration['effect'] ?? '';
  return (tolerationKey === key || tolerationKey === '') && (effect === 'NoExecute' || effect === '');
}

/**
 * The DefaultTolerationSeconds admission plugin: a pod (created or updated,
 * never through a subresource) that does not already tolerate the
 * not-ready and unreachable NoExecute taints gets a toleration of each for a
 * limited time, so it is moved off a failed node after that long instead of
 * at once. Like Kubernetes, it looks only at key and effect: any toleration
 * naming the key, or none, decides.
 */
export function admitDefaultTolerationSeconds(
  type: Pick<ResourceType, 'group' | 'plural'>,
  obj: KubeObject,
  subresource: string | undefined,
  seconds: DefaultTolerationSeconds = DEFAULT_TOLERATION_SECONDS,
): void {
  if (type.group !== '' || type.plural !== 'pods' || (subresource !== undefined && subresource !== '')) return;
  const spec = obj['spec'];
  if (!isRecord(spec)) return;
  const tolerations: unknown[] = Array.isArray(spec['tolerations']) ? [...spec['tolerations']] : [];
  const toleratesNotReady = tolerations.some((t) => covers(t, NOT_READY));
  const toleratesUnreachable = tolerations.some((t) => covers(t, UNREACHABLE));
  if (toleratesNotReady && toleratesUnreachable) return;
  if (!toleratesNotReady) tolerations.push(defaultToleration(NOT_READY, seconds.notReady));
  if (!toleratesUnreachable) tolerations.push(defaultToleration(UNREACHABLE, seconds.unreachable));
  spec['tolerations'] = tolerations;
}

/**
 * The tolerations added, one frozen object for every pod: nearly every pod
 * carries both, and stored objects are never changed in place (a write
 * copies first), so each pod held two objects of its own for nothing.
 * Keyed by the configured seconds: a few entries at most.
 */
const addedTolerations = new Map<string, Readonly<Record<string, unknown>>>();

function defaultToleration(key: string, tolerationSeconds: number): Readonly<Record<string, unknown>> {
  const id = `${key}=${tolerationSeconds}`;
  let toleration = addedTolerations.get(id);
  if (toleration === undefined) {
    toleration = Object.freeze({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds });
    addedTolerations.set(id, toleration);
  }
  return toleration;
}
