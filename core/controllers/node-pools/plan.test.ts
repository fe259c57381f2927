import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../contracts/node-provider.ts';
import { leftoverInstances, ordinalOf, planPoolNodes } from './plan.ts';

function instance(nodeName: string, pool = 'sim', createdAt = '2025-01-01T00:00:00Z'): NodeInstance {
  return { providerId: `test://${nodeName}`, nodeName, pool, instanceType: 't', zone: 'z', capacityType: 'on-demand', createdAt: new Date(createdAt) };
}

describe('ordinalOf', () => {
  it.each([
    ['sim', 'sim-0', 0],
    ['sim', 'sim-12', 12],
    ['sim', 'sim-012', undefined],
    ['sim', 'sim-1-0', undefined],
    ['sim-1', 'sim-1-0', 0],
    ['sim', 'other-3', undefined],
    ['sim', 'sim-', undefined],
  ])('pool %s, node %s: %s', (pool, name, ordinal) => {
    expect(ordinalOf(pool, name)).toBe(ordinal);
  });
});

describe('planPoolNodes', () => {
  it.each<[string, number, NodeInstance[], string[], string[]]>([
    ['a new pool launches them all', 3, [], ['sim-0', 'sim-1', 'sim-2'], []],
    ['a pool that has its nodes changes nothing', 2, [instance('sim-0'), instance('sim-1')], [], []],
    ['missing nodes fill the gaps', 3, [instance('sim-1')], ['sim-0', 'sim-2'], []],
    ['a smaller pool keeps the lowest ordinals', 1, [instance('sim-2'), instance('sim-0'), instance('sim-1')], [], ['sim-1', 'sim-2']],
    ['a pool of none removes all', 0, [instance('sim-0')], [], ['sim-0']],
    ['names the pool did not give go first, oldest kept', 1, [instance('x', 'sim', '2025-02-01T00:00:00Z'), instance('y', 'sim', '2025-01-01T00:00:00Z')], [], ['x']],
    ['new names avoid every name still in use', 3, [instance('sim-0'), instance('custom')], ['sim-1'], []],
  ])('%s', (_name, desired, existing, create, remove) => {
    const plan = planPoolNodes('sim', desired, existing);
    expect(plan.create).toEqual(create);
    expect(plan.remove.map((i) => i.nodeName)).toEqual(remove);
  });
});

describe('leftoverInstances', () => {
  it('finds the machines of pools that are gone', () => {
    const all = [instance('a-0', 'a'), instance('b-0', 'b'), instance('c', '')];
    expect(leftoverInstances(new Set(['a']), all).map((i) => i.nodeName)).toEqual(['b-0', 'c']);
  });
});
