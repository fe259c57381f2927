import { describe, expect, it } from 'vitest';
import { allowedDisruptions, poolBudget, scaledBudgetNodes, type PoolBudgetInput } from './budgets.ts';

describe('scaledBudgetNodes (intstr with roundUp, as Karpenter)', () => {
  it.each<[string, number, number]>([
    ['0', 10, 0],
    ['1', 10, 1],
    ['5', 3, 5],
    ['10%', 10, 1],
    ['10%', 19, 2],
    ['10%', 1, 1],
    ['10%', 0, 0],
    ['5%', 10, 1],
    ['50%', 3, 2],
    ['100%', 7, 7],
    ['0%', 7, 0],
    ['', 7, 0],
    ['ten', 7, 0],
    ['1.5', 7, 0],
  ])('%j of %i nodes -> %i', (nodes, total, expected) => {
    expect(scaledBudgetNodes(nodes, total)).toBe(expected);
  });
});

describe('allowedDisruptions', () => {
  it.each<[string[], number, number]>([
    [['10%'], 20, 2],
    [['10%', '1'], 20, 1],
    [['3', '50%'], 4, 2],
    [['0', '100%'], 4, 0],
  ])('budgets %j over %i nodes -> %i (the minimum)', (nodes, total, expected) => {
    expect(allowedDisruptions(nodes.map((n) => ({ nodes: n })), total)).toBe(expected);
  });

  it('is unbounded without budgets', () => {
    expect(allowedDisruptions([], 5)).toBeGreaterThan(1_000_000);
  });
});

describe('poolBudget', () => {
  const base: PoolBudgetInput = { budgets: [{ nodes: '1' }], total: 4, disrupting: 0, remaining: 4, min: 0 };
  it.each<[string, Partial<PoolBudgetInput>, number, number]>([
    ['one allowed, none disrupting', {}, 1, 1],
    ['one allowed, one already deleting', { disrupting: 1, remaining: 3 }, 0, 0],
    ['two allowed, one deleting', { budgets: [{ nodes: '2' }], disrupting: 1, remaining: 3 }, 1, 1],
    ['more disrupting than allowed never goes negative', { disrupting: 3, remaining: 1 }, 0, 0],
    ['min keeps the last nodes: replacements still allowed', { budgets: [{ nodes: '100%' }], min: 4 }, 4, 0],
    ['min allows deleting down to it', { budgets: [{ nodes: '100%' }], min: 2 }, 4, 2],
    ['a 0 budget blocks everything', { budgets: [{ nodes: '0' }] }, 0, 0],
  ])('%s', (_, input, disruptions, deletions) => {
    expect(poolBudget({ ...base, ...input })).toEqual({ disruptions, deletions });
  });
});
