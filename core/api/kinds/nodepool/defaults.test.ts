import { describe, expect, it } from 'vitest';
import { defaultNodePool } from './defaults.ts';
import { generalPool } from './test-fixtures.ts';

describe('defaultNodePool', () => {
  it('fills the disruption defaults and leaves weight unset', () => {
    const pool = generalPool();
    defaultNodePool(pool);
    expect(pool['spec']).toMatchObject({
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '10%' }] },
    });
    expect(pool['spec']).not.toHaveProperty('weight');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a null disruption', { disruption: null }, { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '10%' }] }],
    [
      'a chosen policy and delay',
      { disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never' } },
      { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never', budgets: [{ nodes: '10%' }] },
    ],
    [
      'budgets of its own, one without nodes',
      { disruption: { budgets: [{ nodes: '2' }, {}] } },
      { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '2' }, { nodes: '10%' }] },
    ],
    ['no budgets at all', { disruption: { budgets: [] } }, { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [] }],
  ])('keeps what is set: %s', (_, spec, disruption) => {
    const pool = generalPool(spec);
    defaultNodePool(pool);
    expect(pool['spec']).toHaveProperty('disruption', disruption);
  });

  it('stores quantities given as numbers as text', () => {
    const pool = generalPool({ limits: { cpu: 100, memory: 1e9 } });
    pool['status'] = { resources: { nodes: 3, cpu: '12' } };
    defaultNodePool(pool);
    expect(pool['spec']).toMatchObject({ limits: { cpu: '100', memory: '1G' } });
    expect(pool['status']).toEqual({ resources: { nodes: '3', cpu: '12' } });
  });

  it('leaves a pool without spec for validation to refuse', () => {
    const pool = { apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'empty' } };
    defaultNodePool(pool);
    expect(pool).toEqual({ apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'empty' } });
  });
});
