import type { KubeObject } from '../../../core/api/types/meta.ts';
import { podJson } from './kube-objects.ts';

/** scheduler_perf's pod-default: a pause container requesting 100m and 500 Mi */
export function benchPod(namespace: string, name: string): KubeObject {
  return JSON.parse(podJson({ name, namespace, requests: { cpu: '100m', memory: '500Mi' } })) as KubeObject;
}

/** A node's Lease as a kubelet first writes it. */
export function benchLease(index: number, now: Date): KubeObject {
  const holder = `node-${index}`;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: holder, namespace: 'kube-node-lease' },
    spec: { holderIdentity: holder, leaseDurationSeconds: 40, renewTime: now.toISOString().replace('Z', '000Z') },
  };
}

/** What a kubelet writes to pods/status once the pod runs: Running, Ready, its addresses and container. */
export function boundPodStatus(pod: KubeObject, index: number, now: Date): KubeObject {
  const { name, namespace, uid, resourceVersion } = pod.metadata;
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const podIP = `10.244.${(index >> 8) & 255}.${index & 255}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid, resourceVersion },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: at,
      qosClass: 'Guaranteed',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at })),
      containerStatuses: [
        { name: 'pause', ready: true, started: true, restartCount: 0, image: 'registry.k8s.io/pause:3.10', imageID: '', containerID: `sim://${uid ?? ''}`, state: { running: { startedAt: at } } },
      ],
    },
  };
}
