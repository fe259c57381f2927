import { describe, expect, it } from 'vitest';
import { ERR_REASON_NODE_AFFINITY, NodeAffinity } from './node-affinity.ts';
import { filterNodes, node, pod, scoreNodes } from './test-fixtures.ts';

const plugin = new NodeAffinity();
const rejected = `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_AFFINITY}`;

// kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
const zoneNodes = [
  node('east', { labels: { 'topology.kubernetes.io/zone': 'antarctica-east1', disktype: 'ssd' } }),
  node('west', { labels: { 'topology.kubernetes.io/zone': 'antarctica-west1', 'another-node-label-key': 'another-node-label-value' } }),
  node('south', { labels: { 'topology.kubernetes.io/zone': 'antarctica-south1', 'another-node-label-key': 'another-node-label-value' } }),
];

const required = (...terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values === undefined ? {} : { values }) });

describe('NodeAffinity filter', () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['no selector and no affinity: every node (PreFilter skips)', {}, { east: 'Success', west: 'Success', south: 'Success' }],
    ['nodeSelector disktype: ssd (the documentation example)', { nodeSelector: { disktype: 'ssd' } }, { east: 'Success', west: rejected, south: rejected }],
    [
      'required zone In [antarctica-east1, antarctica-west1]',
      required({ matchExpressions: [expr('topology.kubernetes.io/zone', 'In', ['antarctica-east1', 'antarctica-west1'])] }),
      { east: 'Success', west: 'Success', south: rejected },
    ],
    [
      'terms are ORed',
      required({ matchExpressions: [expr('disktype', 'In', ['ssd'])] }, { matchExpressions: [expr('topology.kubernetes.io/zone', 'In', ['antarctica-south1'])] }),
      { east: 'Success', west: rejected, south: 'Success' },
    ],
    [
      'requirements of a term are ANDed',
      required({ matchExpressions: [expr('another-node-label-key', 'Exists'), expr('topology.kubernetes.io/zone', 'NotIn', ['antarctica-west1'])] }),
      { east: rejected, west: rejected, south: 'Success' },
    ],
    ['DoesNotExist', required({ matchExpressions: [expr('disktype', 'DoesNotExist')] }), { east: rejected, west: 'Success', south: 'Success' }],
    [
      'nodeSelector and affinity must both hold',
      { nodeSelector: { disktype: 'ssd' }, ...required({ matchExpressions: [expr('topology.kubernetes.io/zone', 'In', ['antarctica-west1'])] }) },
      { east: rejected, west: rejected, south: rejected },
    ],
    ['an empty term matches nothing', required({}), { east: rejected, west: rejected, south: rejected }],
    ['In without values is malformed and matches nothing', required({ matchExpressions: [expr('disktype', 'In', [])] }), { east: rejected, west: rejected, south: rejected }],
    [
      'matchFields metadata.name narrows the search at PreFilter',
      required({ matchFields: [expr('metadata.name', 'In', ['west'])] }),
      { east: 'not in PreFilter result', west: 'Success', south: 'not in PreFilter result' },
    ],
    [
      'conflicting node names in one term',
      required({ matchFields: [expr('metadata.name', 'In', ['west']), expr('metadata.name', 'In', ['east'])] }),
      { east: 'UnschedulableAndUnresolvable: pod affinity terms conflict', west: 'UnschedulableAndUnresolvable: pod affinity terms conflict', south: 'UnschedulableAndUnresolvable: pod affinity terms conflict' },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(filterNodes(plugin, pod('p', { spec }), zoneNodes)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['Gt', '4', 'Success'],
    ['Gt', '8', rejected],
    ['Lt', '8', 'Success'],
    ['Lt', 'x', rejected],
  ])('numeric operator %s %s against cores=6', (operator, value, expected) => {
    const cores = [node('n', { labels: { cores: '6' } })];
    expect(filterNodes(plugin, pod('p', { spec: required({ matchExpressions: [expr('cores', operator, [value])] }) }), cores)).toEqual({ n: expected });
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of the preferred terms a node matches, scaled so the best gets 100', () => {
    // The documentation's with-affinity-preferred-weight example: weight 1 for label-1, 50 for label-2.
    const nodes = [node('a', { labels: { 'label-1': 'key-1' } }), node('b', { labels: { 'label-2': 'key-2' } }), node('c', { labels: { 'label-1': 'key-1', 'label-2': 'key-2' } }), node('d')];
    const spec = {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, preference: { matchExpressions: [expr('label-1', 'In', ['key-1'])] } },
            { weight: 50, preference: { matchExpressions: [expr('label-2', 'In', ['key-2'])] } },
          ],
        },
      },
    };
    expect(scoreNodes(plugin, pod('p', { spec }), nodes)).toEqual({ a: 1, b: 98, c: 100, d: 0 });
  });

  it('skips scoring a pod without preferences', () => {
    expect(scoreNodes(plugin, pod('p'), zoneNodes)).toBeUndefined();
  });
});

describe('NodeAffinity candidates', () => {
  const ssd = (name: string) => pod(name, { spec: { nodeSelector: { disktype: 'ssd' } } });

  it('are the positions of the nodes the selector matches, kept per node list and selector', () => {
    const narrowing = new NodeAffinity();
    const list = [...zoneNodes];
    const first = narrowing.candidates(ssd('a'), list);
    expect([...(first ?? [])]).toEqual([0]);
    // Another pod of the same template reuses the answer rather than matching every node again.
    expect(narrowing.candidates(ssd('b'), list)).toBe(first);
    const zones = narrowing.candidates(pod('c', { spec: required({ matchExpressions: [expr('another-node-label-key', 'Exists')] }) }), list);
    expect([...(zones ?? [])]).toEqual([1, 2]);
  });

  it('are found again in a new node list, as the scheduler makes one when labels change', () => {
    const narrowing = new NodeAffinity();
    expect([...(narrowing.candidates(ssd('a'), zoneNodes) ?? [])]).toEqual([0]);
    const relabelled = [zoneNodes[0], node('west', { labels: { disktype: 'ssd' } }), zoneNodes[2]].filter((n) => n !== undefined);
    expect([...(narrowing.candidates(ssd('a'), relabelled) ?? [])]).toEqual([0, 1]);
  });

  it('do not narrow for a pod without a selector or required affinity', () => {
    expect(new NodeAffinity().candidates(pod('p'), zoneNodes)).toBeUndefined();
  });
});
