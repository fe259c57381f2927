import { describe, expect, it } from 'vitest';
import type { NodePoolEntry } from '../../../kernel/config-schema.ts';
import { nodePoolFromConfig } from './config-pools.ts';

describe('nodePoolFromConfig', () => {
  it.each<[string, NodePoolEntry, Record<string, unknown>]>([
    ['a pool as kubernel.yaml had them before: provider, options, min, max', { name: 'sim', provider: 'simulated', options: { count: 3 }, min: 1, max: 5 }, { provider: 'simulated', options: { count: 3 }, min: 1, max: 5 }],
    [
      'labels, requirements and taints go to the template',
      {
        name: 'web',
        provider: 'aws',
        labels: { team: 'web' },
        requirements: [{ key: 'kubernel.dev/capacity-type', operator: 'In', values: ['spot'] }],
        taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
        limits: { cpu: '100' },
        weight: 10,
        disruption: { consolidateAfter: '5m' },
      },
      {
        provider: 'aws',
        limits: { cpu: '100' },
        weight: 10,
        disruption: { consolidateAfter: '5m' },
        template: {
          metadata: { labels: { team: 'web' } },
          spec: { requirements: [{ key: 'kubernel.dev/capacity-type', operator: 'In', values: ['spot'] }], taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] },
        },
      },
    ],
  ])('%s', (_what, entry, spec) => {
    const pool = nodePoolFromConfig(entry);
    expect(pool).toMatchObject({ apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', metadata: { name: entry.name, annotations: { 'kubernel.dev/source': 'kubernel.yaml' } } });
    expect(pool['spec']).toEqual(spec);
  });
});
