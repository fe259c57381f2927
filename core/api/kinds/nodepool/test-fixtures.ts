import type { KubeObject } from '../../types/meta.ts';

/** A NodePool as a cluster operator writes it: simulated nodes of two types, on-demand only, tainted for one team. */
export function generalPool(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'general', ...meta },
    spec: {
      provider: 'simulated',
      options: { catalog: [{ name: 'small', cpu: '2' }], seed: 7 },
      template: {
        metadata: { labels: { team: 'web' }, annotations: { 'example.com/owner': 'platform' } },
        spec: {
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] },
            { key: 'kubernel.dev/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'example.com/generation', operator: 'Gt', values: ['5'] },
            { key: 'example.com/legacy', operator: 'DoesNotExist' },
          ],
          taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
        },
      },
      limits: { cpu: '100', memory: '400Gi' },
      min: 0,
      max: 10,
      ...structuredClone(spec),
    },
  };
}

/** A NodeClaim as the provisioner makes it for the general pool. */
export function generalClaim(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodeClaim',
    metadata: {
      name: 'general-x7k2p',
      labels: { 'kubernel.dev/node-pool': 'general', 'node.kubernetes.io/instance-type': 'm6i.large' },
      ...meta,
    },
    spec: {
      requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] }],
      resources: { requests: { cpu: '1500m', memory: '2Gi', pods: '3' } },
      taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
      ...structuredClone(spec),
    },
  };
}
