import { describe, expect, it } from 'vitest';
import { TaintToleration } from './taint-toleration.ts';
import { filterNodes, node, pod, scoreNodes } from './test-fixtures.ts';

const plugin = new TaintToleration();

// kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/: kubectl taint nodes node1 key1=value1:NoSchedule
const node1 = node('node1', { taints: [{ key: 'key1', value: 'value1', effect: 'NoSchedule' }] });
const untolerated = 'UnschedulableAndUnresolvable: node(s) had untolerated taint {key1: value1}';

describe('TaintToleration filter', () => {
  it.each<[string, unknown[], string]>([
    ['no tolerations', [], untolerated],
    ['Equal with the same value (documentation example)', [{ key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' }], 'Success'],
    ['Exists on the key (documentation example)', [{ key: 'key1', operator: 'Exists', effect: 'NoSchedule' }], 'Success'],
    ['operator defaults to Equal', [{ key: 'key1', value: 'value1', effect: 'NoSchedule' }], 'Success'],
    ['another value', [{ key: 'key1', operator: 'Equal', value: 'value2', effect: 'NoSchedule' }], untolerated],
    ['another effect', [{ key: 'key1', operator: 'Exists', effect: 'NoExecute' }], untolerated],
    ['an empty effect tolerates every effect', [{ key: 'key1', operator: 'Exists' }], 'Success'],
    ['an empty key with Exists tolerates everything', [{ operator: 'Exists' }], 'Success'],
  ])('%s', (_name, tolerations, expected) => {
    expect(filterNodes(plugin, pod('p', { spec: { tolerations } }), [node1])).toEqual({ node1: expected });
  });

  it('needs every NoSchedule and NoExecute taint tolerated (the documentation example with three taints)', () => {
    const tainted = node('node1', {
      taints: [
        { key: 'key1', value: 'value1', effect: 'NoSchedule' },
        { key: 'key1', value: 'value1', effect: 'NoExecute' },
        { key: 'key2', value: 'value2', effect: 'NoSchedule' },
      ],
    });
    const tolerations = [
      { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
      { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoExecute' },
    ];
    expect(filterNodes(plugin, pod('p', { spec: { tolerations } }), [tainted])).toEqual({ node1: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {key2: value2}' });
  });

  it('does not filter on PreferNoSchedule', () => {
    const soft = node('soft', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] });
    expect(filterNodes(plugin, pod('p'), [soft])).toEqual({ soft: 'Success' });
  });
});

describe('TaintToleration score', () => {
  it('ranks nodes by how many PreferNoSchedule taints the pod does not tolerate, fewest best', () => {
    const nodes = [
      node('clean'),
      node('one', { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }] }),
      node('two', { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }, { key: 'b', value: '2', effect: 'PreferNoSchedule' }] }),
      node('tolerated', { taints: [{ key: 'c', value: '3', effect: 'PreferNoSchedule' }] }),
    ];
    const tolerations = [{ key: 'c', operator: 'Exists', effect: 'PreferNoSchedule' }];
    expect(scoreNodes(plugin, pod('p', { spec: { tolerations } }), nodes)).toEqual({ clean: 100, one: 50, two: 0, tolerated: 100 });
  });

  it('skips scoring when no node has a PreferNoSchedule taint', () => {
    expect(scoreNodes(new TaintToleration(() => false), pod('p'), [node('a')])).toBeUndefined();
  });
});
