import type { KubeObject } from '../../api/types/meta.ts';
import type { Controller } from '../framework/controller.ts';
import { objectKeyOf } from '../framework/result.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';
import { servicesForPodUpdate, servicesSelecting } from './pod-changes.ts';
import { podView } from './pod-view.ts';
import { serviceView } from './service-view.ts';

/**
 * The events both endpoint controllers sync a Service on: any change to the
 * Service itself at once, and a pod change that concerns it (membership,
 * readiness, addresses) after `batchMs` (0: at once), as kube-controller-
 * manager's --endpoint-updates-batch-period.
 */
export function syncServicesOnChanges(controller: Controller, services: SharedInformer, pods: SharedInformer, batchMs: number): void {
  const enqueue = (obj: KubeObject): void => controller.enqueue(objectKeyOf(obj.metadata));
  const enqueuePodChange = (key: string): void => (batchMs > 0 ? controller.queue.addAfter(key, batchMs) : controller.enqueue(key));
  const servicesIn = (namespace: string) => services.cache.byIndex('namespace', namespace).map(serviceView);
  services.addHandlers({ onAdd: enqueue, onUpdate: (_old, svc) => enqueue(svc), onDelete: enqueue });
  // Most pods live in namespaces without a Service: their changes concern none, and need no view.
  const hasServices = (namespace: string | undefined): boolean => services.cache.byIndex('namespace', namespace ?? '').length > 0;
  const podMembership = (pod: KubeObject): void => {
    if (!hasServices(pod.metadata.namespace)) return;
    const view = podView(pod);
    for (const key of servicesSelecting(servicesIn(view.namespace), view.namespace, view.labels)) enqueuePodChange(key);
  };
  pods.addHandlers({
    onAdd: podMembership,
    onUpdate: (oldPod, newPod) => {
      const namespace = newPod.metadata.namespace ?? '';
      if (!hasServices(namespace)) return;
      for (const key of servicesForPodUpdate(servicesIn(namespace), podView(oldPod), podView(newPod))) enqueuePodChange(key);
    },
    onDelete: podMembership,
  });
}
