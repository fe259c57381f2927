import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../contracts/node-provider.ts';
import { leakedMachines } from './leaked-machines.ts';

const now = new Date('2025-01-01T00:10:00Z');
function machine(nodeName: string, claim: string | undefined, ageMs: number): NodeInstance {
  return { providerId: `test://${nodeName}`, nodeName, pool: 'p', instanceType: 't', zone: 'z', capacityType: 'on-demand', createdAt: new Date(now.getTime() - ageMs), claim };
}

describe('leakedMachines', () => {
  const exists = (name: string): boolean => name === 'alive';
  it.each<[string, NodeInstance, boolean]>([
    ['a machine of a claim that exists', machine('a', 'alive', 120_000), false],
    ['a machine whose claim is gone, old enough', machine('b', 'gone', 120_000), true],
    ['a machine whose claim is gone, younger than the minimum age', machine('c', 'gone', 30_000), false],
    ['a machine launched without a claim (a static pool node)', machine('d', undefined, 120_000), false],
  ])('%s', (_what, instance, leaked) => {
    expect(leakedMachines([instance], exists, now, 60_000)).toEqual(leaked ? [instance] : []);
  });
});
