import { describe, expect, it } from 'vitest';
import { NodeNominations } from '../node-nominations.ts';
import { selectCandidates } from './candidates.ts';
import { viewClaims } from './cluster-view.ts';
import { PdbLimits } from './pdb-limits.ts';
import { at, claim, instanceType, node, pdb, pod, pool, snapshotOf, type SceneInput } from './test-fixtures.ts';

function select(input: Partial<SceneInput> & Pick<SceneInput, 'claims'>) {
  const snapshot = snapshotOf({ pools: [pool('default')], nodes: input.claims.map((c) => node(c.status?.nodeName ?? '')), ...input });
  return selectCandidates(viewClaims(snapshot), new PdbLimits(snapshot.pdbs));
}

const web = (nodeName: string, extra: Parameters<typeof pod>[2] = {}) => pod('web', nodeName, { labels: { app: 'web' }, ...extra });

describe('selectCandidates', () => {
  it.each<[string, Partial<SceneInput> & Pick<SceneInput, 'claims'>, string | undefined]>([
    ['an empty initialized claim', { claims: [claim('c1')] }, 'Empty'],
    ['only DaemonSet, mirror and finished pods: still empty', { claims: [claim('c1')], pods: [pod('ds', 'node-c1', { daemonSet: true }), pod('st', 'node-c1', { mirror: true }), pod('job', 'node-c1', { phase: 'Succeeded' })] }, 'Empty'],
    ['a claim not initialized yet', { claims: [claim('c1', { initializedAt: undefined })] }, undefined],
    ['a claim being deleted', { claims: [claim('c1', { deleting: true })] }, undefined],
    ['a claim already being replaced', { claims: [claim('c1', { annotations: { 'kubernel.dev/replaced-by': 'c2' } })] }, undefined],
    ['a claim of a pool that no longer exists', { claims: [claim('c1', { pool: 'gone' })] }, undefined],
    ['a claim without its node', { claims: [claim('c1')], nodes: [] }, undefined],
    ['consolidateAfter not over yet', { pools: [pool('default', { consolidateAfter: '30s' })], claims: [claim('c1')], now: at(29) }, undefined],
    ['consolidateAfter over', { pools: [pool('default', { consolidateAfter: '30s' })], claims: [claim('c1')], now: at(30) }, 'Empty'],
    ['consolidateAfter Never', { pools: [pool('default', { consolidateAfter: 'Never' })], claims: [claim('c1')], now: at(9999) }, undefined],
    ['a busy node of a WhenEmptyOrUnderutilized pool', { claims: [claim('c1')], pods: [web('node-c1')] }, 'Underutilized'],
    ['a busy node of a WhenEmpty pool', { pools: [pool('default', { consolidationPolicy: 'WhenEmpty' })], claims: [claim('c1')], pods: [web('node-c1')] }, undefined],
    ['a busy node whose pod arrived within consolidateAfter', { pools: [pool('default', { consolidateAfter: '1m' })], claims: [claim('c1')], pods: [web('node-c1', { scheduledAt: 30 })], now: at(60) }, undefined],
  ])('%s -> %s', (_, input, method) => {
    expect(select(input).candidates.map((c) => c.method)).toEqual(method === undefined ? [] : [method]);
  });

  it.each<[string, Partial<SceneInput> & Pick<SceneInput, 'claims'>, string, boolean]>([
    ['a Node annotated do-not-disrupt', { claims: [claim('c1')], nodes: [node('node-c1', '4', { annotations: { 'kubernel.dev/do-not-disrupt': 'true' } })] }, 'Disruption is blocked through the "kubernel.dev/do-not-disrupt" annotation', false],
    ['a running pod annotated do-not-disrupt', { claims: [claim('c1')], pods: [web('node-c1', { annotations: { 'kubernel.dev/do-not-disrupt': 'true' } })] }, 'Pod "default/web" has "kubernel.dev/do-not-disrupt" annotation', false],
    ['a PDB allowing no disruption over one of its pods', { claims: [claim('c1')], pods: [web('node-c1')], pdbs: [pdb('web', { app: 'web' }, 0)] }, 'pdb "default/web" prevents pod evictions', true],
    ['a PDB over a DaemonSet pod of an empty node', { claims: [claim('c1')], pods: [pod('agent', 'node-c1', { daemonSet: true, labels: { app: 'agent' } })], pdbs: [pdb('agent', { app: 'agent' }, 0)] }, 'pdb "default/agent" prevents pod evictions', true],
  ])('%s blocks it', (_, input, reason, announce) => {
    const selection = select(input);
    expect(selection.candidates).toEqual([]);
    expect(selection.blocked.map((b) => ({ claim: b.view.name, reason: b.reason, announce: b.announce }))).toEqual([{ claim: 'c1', reason, announce }]);
  });

  it('leaves a claim or node the provisioner nominated for a pending pod, while the nomination lasts', () => {
    const nominations = new NodeNominations(10_000);
    nominations.nominate('c1', at(0));
    nominations.nominate('node-c2', at(0));
    const snapshot = snapshotOf({ pools: [pool('default')], nodes: [node('node-c1'), node('node-c2'), node('node-c3')], claims: [claim('c1'), claim('c2'), claim('c3')] });
    const selectAt = (seconds: number) => selectCandidates(viewClaims(snapshot), new PdbLimits(snapshot.pdbs), (name) => nominations.isNominated(name, at(seconds)));
    const during = selectAt(9);
    expect(during.candidates.map((c) => c.view.name)).toEqual(['c3']);
    expect(during.blocked.map((b) => ({ claim: b.view.name, reason: b.reason, announce: b.announce }))).toEqual([
      { claim: 'c1', reason: 'state node is nominated for a pending pod', announce: false },
      { claim: 'c2', reason: 'state node is nominated for a pending pod', announce: false },
    ]);
    expect(selectAt(10).candidates.map((c) => c.view.name)).toEqual(['c1', 'c2', 'c3']);
  });

  it('leaves a replacement alone while the claim it replaces exists, deleting or not', () => {
    const replaced = { annotations: { 'kubernel.dev/replaced-by': 'c2' } };
    for (const old of [claim('c1', replaced), claim('c1', { ...replaced, deleting: true })]) {
      const selection = select({ claims: [old, claim('c2'), claim('c3')] });
      expect(selection.candidates.map((c) => c.view.name)).toEqual(['c3']);
      expect(selection.blocked.map((b) => ({ claim: b.view.name, reason: b.reason }))).toEqual([{ claim: 'c2', reason: 'state node is nominated for a pending pod' }]);
    }
    expect(select({ claims: [claim('c2'), claim('c3')] }).candidates.map((c) => c.view.name)).toEqual(['c2', 'c3']);
  });

  it('ignores do-not-disrupt on finished pods and PDBs with disruptions left', () => {
    const selection = select({
      claims: [claim('c1')],
      pods: [web('node-c1'), pod('done', 'node-c1', { phase: 'Failed', annotations: { 'kubernel.dev/do-not-disrupt': 'true' } })],
      pdbs: [pdb('web', { app: 'web' }, 1)],
    });
    expect(selection.candidates.map((c) => c.view.name)).toEqual(['c1']);
    expect(selection.blocked).toEqual([]);
  });

  it('orders by disruption cost (fewest pods first), then price, then name', () => {
    const catalog = [instanceType('big', 8000, 0.4), instanceType('small', 2000, 0.1)];
    const selection = select({
      claims: [claim('three-pods', { instanceType: 'small' }), claim('one-pod-big', { instanceType: 'big' }), claim('one-pod-small', { instanceType: 'small' }), claim('b-empty'), claim('a-empty')],
      pods: [pod('p1', 'node-three-pods'), pod('p2', 'node-three-pods'), pod('p3', 'node-three-pods'), pod('p4', 'node-one-pod-big'), pod('p5', 'node-one-pod-small')],
      catalog,
    });
    expect(selection.candidates.map((c) => c.view.name)).toEqual(['a-empty', 'b-empty', 'one-pod-small', 'one-pod-big', 'three-pods']);
    expect(selection.candidates.map((c) => c.cost)).toEqual([0, 0, 1, 1, 3]);
  });

  it('counts pod priority and pod-deletion-cost in the cost, as Karpenter', () => {
    const selection = select({
      claims: [claim('important'), claim('plain')],
      pods: [{ ...pod('p1', 'node-important'), spec: { nodeName: 'node-important', priority: 2 ** 26, containers: [] } }, pod('p2', 'node-plain')],
    });
    expect(selection.candidates.map((c) => [c.view.name, c.cost])).toEqual([
      ['plain', 1],
      ['important', 3],
    ]);
  });
});
