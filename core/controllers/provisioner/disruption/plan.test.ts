import { describe, expect, it } from 'vitest';
import type { NodePoolSpec } from '../../../api/kinds/nodepool/types.ts';
import { selectCandidates } from './candidates.ts';
import { viewClaims } from './cluster-view.ts';
import { PdbLimits } from './pdb-limits.ts';
import { budgetsByPool, planDisruption, type DisruptionPlan } from './plan.ts';
import { simulateScheduling } from './simulation.ts';
import { claim, instanceType, node, pod, pool, snapshotOf, type SceneInput } from './test-fixtures.ts';

const catalog = [instanceType('c.medium', 1000, 0.05), instanceType('m.large', 2000, 0.096), instanceType('m.xlarge', 4000, 0.192), instanceType('m.2xlarge', 8000, 0.384)];

function plan(input: Partial<SceneInput> & Pick<SceneInput, 'claims'>): DisruptionPlan {
  const snapshot = snapshotOf({ pools: [pool('default')], nodes: input.claims.map((c) => node(c.status?.nodeName ?? '')), catalog, ...input });
  const views = viewClaims(snapshot);
  return planDisruption({
    views,
    selection: selectCandidates(views, new PdbLimits(snapshot.pdbs)),
    nodes: snapshot.nodes,
    podsByNode: snapshot.podsByNode,
    instanceTypesOf: snapshot.instanceTypesOf,
    simulate: simulateScheduling,
  });
}

const summary = (p: DisruptionPlan): string[] => p.commands.map((c) => `${c.kind} ${c.candidate.view.name}: ${c.explanation}`);
const withBudget = (nodes: string, extra: Partial<NodePoolSpec> = {}) => [pool('default', { budgets: [{ nodes }] }, extra)];

describe('emptiness under budgets', () => {
  const three = [claim('e1'), claim('e2'), claim('e3')];
  it.each<[string, Partial<SceneInput> & Pick<SceneInput, 'claims'>, number]>([
    ['budget 1: one at a time', { pools: withBudget('1'), claims: three }, 1],
    ['budget 2', { pools: withBudget('2'), claims: three }, 2],
    ['default 10% of 3 rounds up to 1', { claims: three }, 1],
    ['100%', { pools: withBudget('100%'), claims: three }, 3],
    ['budget 1 and one already deleting (drain under way)', { pools: withBudget('1'), claims: [...three, claim('going', { deleting: true })] }, 0],
    ['budget 2 and one already deleting', { pools: withBudget('2'), claims: [...three, claim('going', { deleting: true })] }, 1],
    ['a claim being replaced counts as disrupting', { pools: withBudget('1'), claims: [...three, claim('old', { annotations: { 'kubernel.dev/replaced-by': 'new' } })] }, 0],
    ['spec.min 2 keeps two of three', { pools: withBudget('100%', { min: 2 }), claims: three }, 1],
    ['spec.min 3 keeps all', { pools: withBudget('100%', { min: 3 }), claims: three }, 0],
    ['a budget of 0', { pools: withBudget('0'), claims: three }, 0],
  ])('%s', (_, input, deletions) => {
    const result = plan(input);
    expect(result.commands.length).toBe(deletions);
    expect(result.commands.every((c) => c.kind === 'delete' && c.explanation === 'Empty')).toBe(true);
    if (deletions < 3) expect(result.constrainedPools).toEqual(['default']);
  });

  it('a node whose node is NotReady counts as disrupting (Karpenter)', () => {
    const budgets = budgetsByPool(viewClaims(snapshotOf({ pools: withBudget('1'), claims: [claim('a'), claim('b')], nodes: [node('node-a', '4', { ready: false }), node('node-b')] })));
    expect(budgets.get('default')).toEqual({ disruptions: 0, deletions: 0 });
  });

  it('deletes empty nodes before looking at underutilized ones', () => {
    const result = plan({ pools: withBudget('100%'), claims: [claim('busy'), claim('idle'), claim('spare')], pods: [pod('p', 'node-busy', { cpu: '100m' })] });
    expect(summary(result)).toEqual(['delete idle: Empty', 'delete spare: Empty']);
  });
});

describe('single-node consolidation', () => {
  it('deletes the cheapest-to-disrupt node whose pods fit on the others', () => {
    const result = plan({
      pools: withBudget('100%'),
      claims: [claim('few'), claim('many')],
      pods: [pod('a', 'node-few', { cpu: '500m' }), pod('b', 'node-many', { cpu: '1' }), pod('c', 'node-many', { cpu: '1' })],
    });
    expect(summary(result)).toEqual(['delete few: Underutilized (pods fit on other nodes)']);
  });

  it('replaces a node with one cheaper node of the pool when the pods fit nowhere else', () => {
    const result = plan({
      claims: [claim('old', { instanceType: 'm.xlarge' }), claim('full', { instanceType: 'm.xlarge' })],
      nodes: [node('node-old', '4'), node('node-full', '4')],
      pods: [pod('web', 'node-old', { cpu: '1500m' }), pod('ds', 'node-old', { cpu: '100m', daemonSet: true }), pod('hog', 'node-full', { cpu: '3800m' })],
    });
    expect(summary(result)).toEqual(['replace old: Underutilized, replacing with m.large ($0.096/h, was $0.192/h)']);
    const command = result.commands[0];
    if (command?.kind !== 'replace') throw new Error('expected a replacement');
    // m.large holds 1500m + the DaemonSet's 100m; c.medium (1 cpu) does not.
    expect(command.types.map((t) => t.name)).toEqual(['m.large']);
    expect(command.replacement.metadata).toMatchObject({ labels: { 'kubernel.dev/node-pool': 'default' }, annotations: { 'kubernel.dev/pods': '1' } });
    expect(command.replacement.spec.requirements).toContainEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m.large'] });
  });

  it('lists every cheaper type that holds the pods, cheapest first', () => {
    const result = plan({
      // full goes first (same cost and price, name order) but its pod fits nowhere; old's fits on a c.medium.
      claims: [claim('old', { instanceType: 'm.2xlarge' }), claim('full', { instanceType: 'm.2xlarge' })],
      nodes: [node('node-old', '8'), node('node-full', '8')],
      pods: [pod('web', 'node-old', { cpu: '900m' }), pod('hog', 'node-full', { cpu: '7500m' })],
    });
    const command = result.commands[0];
    expect(command?.kind === 'replace' ? command.types.map((t) => t.name) : []).toEqual(['c.medium', 'm.large', 'm.xlarge']);
    expect(command?.explanation).toBe('Underutilized, replacing with c.medium ($0.05/h, was $0.384/h)');
  });

  it('keeps a node whose pods fit neither elsewhere nor on a cheaper node', () => {
    const result = plan({
      claims: [claim('old', { instanceType: 'm.large' }), claim('full', { instanceType: 'm.xlarge' })],
      nodes: [node('node-old', '2'), node('node-full', '4')],
      pods: [pod('web', 'node-old', { cpu: '1500m' }), pod('hog', 'node-full', { cpu: '3800m' })],
    });
    expect(result.commands).toEqual([]);
    expect(result.skipped).toContainEqual({ claim: 'old', why: 'pods fit neither on other nodes nor on one cheaper node' });
  });

  it('needs room for the pods of nodes already being deleted as well', () => {
    const input = {
      pools: withBudget('100%'),
      // c.medium, the cheapest type: no replacement to fall back on.
      claims: [claim('candidate', { instanceType: 'c.medium' }), claim('target', { instanceType: 'c.medium' }), claim('draining', { deleting: true })],
      pods: [pod('mine', 'node-candidate', { cpu: '1' }), pod('small', 'node-target', { cpu: '100m' }), pod('theirs', 'node-draining', { cpu: '3500m' })],
    };
    expect(plan(input).commands).toEqual([]);
    expect(summary(plan({ ...input, pods: [pod('mine', 'node-candidate', { cpu: '1' }), pod('small', 'node-target', { cpu: '100m' }), pod('theirs', 'node-draining', { cpu: '2' })] }))).toEqual([
      'delete candidate: Underutilized (pods fit on other nodes)',
    ]);
  });

  it('does not count on nodes of claims still launching', () => {
    const result = plan({
      pools: withBudget('100%'),
      claims: [claim('candidate', { instanceType: 'c.medium' }), claim('launching', { initializedAt: undefined })],
      pods: [pod('mine', 'node-candidate', { cpu: '1' })],
    });
    expect(result.commands).toEqual([]);
  });

  it('holds back when the budget is spent', () => {
    const result = plan({ pools: withBudget('1'), claims: [claim('a'), claim('b'), claim('c', { deleting: true })], pods: [pod('p', 'node-a', { cpu: '100m' }), pod('q', 'node-b', { cpu: '100m' })] });
    expect(result.commands).toEqual([]);
    expect(result.constrainedPools).toEqual(['default']);
  });

  it('replaces rather than deletes when spec.min forbids fewer nodes', () => {
    const result = plan({
      pools: withBudget('100%', { min: 2 }),
      claims: [claim('a', { instanceType: 'm.xlarge' }), claim('b', { instanceType: 'm.xlarge' })],
      pods: [pod('p', 'node-a', { cpu: '100m' }), pod('q', 'node-b', { cpu: '200m' })],
    });
    expect(summary(result)).toEqual(['replace a: Underutilized, replacing with c.medium ($0.05/h, was $0.192/h)']);
  });

  it('takes only the pool instance types its requirements allow', () => {
    const restricted = pool('default', {}, { template: { spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['c.medium'] }] } } });
    const result = plan({
      pools: [restricted],
      // full goes first (same cost and price, name order) but its pod fits nowhere; old's fits on a c.medium.
      claims: [claim('old', { instanceType: 'm.2xlarge' }), claim('full', { instanceType: 'm.2xlarge' })],
      nodes: [node('node-old', '8'), node('node-full', '8')],
      pods: [pod('web', 'node-old', { cpu: '900m' }), pod('hog', 'node-full', { cpu: '7500m' })],
    });
    const command = result.commands[0];
    expect(command?.kind === 'replace' ? command.types.map((t) => t.name) : []).toEqual(['m.large', 'm.xlarge']);
  });
});
