import { describe, expect, it } from 'vitest';
import { generalClaim } from '../nodepool/test-fixtures.ts';
import { defaultNodeClaim } from './defaults.ts';

describe('defaultNodeClaim', () => {
  it('stores numeric quantities as text and adds nothing else', () => {
    const claim = generalClaim({ resources: { requests: { cpu: 2, memory: '1Gi' } } });
    claim['status'] = { capacity: { cpu: 4, pods: 110 }, allocatable: { cpu: '3800m' } };
    defaultNodeClaim(claim);
    expect(claim['spec']).toHaveProperty('resources', { requests: { cpu: '2', memory: '1Gi' } });
    expect(claim['status']).toEqual({ capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '3800m' } });
    const plain = generalClaim();
    defaultNodeClaim(plain);
    expect(plain).toEqual(generalClaim());
  });
});
