import { isRecord, type KubeObject } from '../../types/meta.ts';

/**
 * podStrategy.CheckGracefulDelete: how long a delete lets a pod's containers
 * stop. The request's gracePeriodSeconds, else the pod's
 * spec.terminationGracePeriodSeconds (unset: 0); none for a pod no node runs
 * (never scheduled) or one that already finished, since no kubelet would
 * ever confirm those.
 */
export function podDeletionGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const ownGrace = spec['terminationGracePeriodSeconds'];
  let period = requested ?? (typeof ownGrace === 'number' ? ownGrace : 0);
  const nodeName = spec['nodeName'];
  if (typeof nodeName !== 'string' || nodeName === '') period = 0;
  if (status['phase'] === 'Failed' || status['phase'] === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}
