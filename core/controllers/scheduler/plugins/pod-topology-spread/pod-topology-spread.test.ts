import { describe, expect, it } from 'vitest';
import type { NodeInfo, PodInfo } from '../../../../contracts/scheduling.ts';
import { filterNodes, node, pod, scoreNodes } from '../test-fixtures.ts';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, PodTopologySpread } from './index.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const SKEWED = `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`;
const NO_LABEL = `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`;

const foo = (name: string, nodeName: string): PodInfo => pod(name, { nodeName, labels: { foo: 'bar' } });
const constraint = (topologyKey: string, extra: Record<string, unknown> = {}) => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { foo: 'bar' } },
  ...extra,
});
const incoming = (constraints: unknown[], extra: Record<string, unknown> = {}) => pod('mypod', { labels: { foo: 'bar' }, spec: { topologySpreadConstraints: constraints, ...extra } });

/** The documentation's cluster: zoneA = node1, node2; zoneB = node3, node4; foo=bar pods on node1, node2 and node3. */
function docCluster(): NodeInfo[] {
  return [
    node('node1', { labels: { [ZONE]: 'zoneA' }, pods: [foo('p1', 'node1')] }),
    node('node2', { labels: { [ZONE]: 'zoneA' }, pods: [foo('p2', 'node2')] }),
    node('node3', { labels: { [ZONE]: 'zoneB' }, pods: [foo('p3', 'node3')] }),
    node('node4', { labels: { [ZONE]: 'zoneB' } }),
  ];
}

function check(pod: PodInfo, nodes: NodeInfo[]): Record<string, string> {
  return filterNodes(new PodTopologySpread(() => nodes), pod, nodes);
}

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  it('one constraint: the pod must go to zoneB (the documentation example)', () => {
    expect(check(incoming([constraint(ZONE)]), docCluster())).toEqual({ node1: SKEWED, node2: SKEWED, node3: 'Success', node4: 'Success' });
  });

  it('two constraints, zone and node: only node4 is left (the documentation example)', () => {
    expect(check(incoming([constraint(ZONE), constraint(HOST)]), docCluster())).toEqual({ node1: SKEWED, node2: SKEWED, node3: SKEWED, node4: 'Success' });
  });

  it('conflicting constraints leave the pod pending', () => {
    const nodes = [
      node('n1', { labels: { [ZONE]: 'zoneA' }, pods: [foo('a', 'n1'), foo('b', 'n1')] }),
      node('n2', { labels: { [ZONE]: 'zoneA' } }),
      node('n3', { labels: { [ZONE]: 'zoneB' }, pods: [foo('c', 'n3')] }),
    ];
    expect(check(incoming([constraint(ZONE), constraint(HOST)]), nodes)).toEqual({ n1: SKEWED, n2: SKEWED, n3: SKEWED });
  });

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['an empty zoneC pulls the pod there', {}, { node1: SKEWED, node2: SKEWED, node3: SKEWED, node4: SKEWED, node5: 'Success' }],
    [
      'node affinity excluding zoneC keeps it out of the count (nodeAffinityPolicy Honor)',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'NotIn', values: ['zoneC'] }] }] } } } },
      { node1: SKEWED, node2: SKEWED, node3: 'Success', node4: 'Success', node5: 'Success' },
    ],
  ])('%s', (_name, extra, expected) => {
    const nodes = [...docCluster(), node('node5', { labels: { [ZONE]: 'zoneC' } })];
    expect(check(incoming([constraint(ZONE)], extra), nodes)).toEqual(expected);
  });

  it.each<[number | undefined, string]>([
    [undefined, 'Success'],
    [3, SKEWED],
  ])('minDomains %s: fewer domains than that count the global minimum as 0', (minDomains, expected) => {
    const nodes = [node('a', { labels: { [ZONE]: 'zoneA' }, pods: [foo('x', 'a')] }), node('b', { labels: { [ZONE]: 'zoneB' }, pods: [foo('y', 'b')] })];
    const c = constraint(ZONE, minDomains === undefined ? {} : { minDomains });
    expect(check(incoming([c]), nodes)).toEqual({ a: expected, b: expected });
  });

  it('rules out nodes without the topology label', () => {
    const nodes = [node('zoned', { labels: { [ZONE]: 'zoneA' } }), node('bare')];
    expect(check(incoming([constraint(ZONE)]), nodes)).toEqual({ zoned: 'Success', bare: NO_LABEL });
  });

  it('does not count terminating pods or pods of other namespaces', () => {
    const nodes = [
      node('a', { labels: { [ZONE]: 'zoneA' }, pods: [pod('t', { nodeName: 'a', labels: { foo: 'bar' }, terminating: true }), pod('o', { nodeName: 'a', labels: { foo: 'bar' }, namespace: 'other' })] }),
      node('b', { labels: { [ZONE]: 'zoneB' } }),
    ];
    expect(check(incoming([constraint(ZONE, { maxSkew: 1 })]), nodes)).toEqual({ a: 'Success', b: 'Success' });
  });

  it('matchLabelKeys narrows the selector to pods with the same label values', () => {
    const rev = (name: string, nodeName: string, hash: string) => pod(name, { nodeName, labels: { foo: 'bar', 'pod-template-hash': hash } });
    const nodes = [node('a', { labels: { [ZONE]: 'zoneA' }, pods: [rev('old1', 'a', 'v1'), rev('old2', 'a', 'v1')] }), node('b', { labels: { [ZONE]: 'zoneB' } })];
    const p = pod('new', { labels: { foo: 'bar', 'pod-template-hash': 'v2' }, spec: { topologySpreadConstraints: [constraint(ZONE, { matchLabelKeys: ['pod-template-hash'] })] } });
    expect(check(p, nodes)).toEqual({ a: 'Success', b: 'Success' });
  });
});

describe('PodTopologySpread score (ScheduleAnyway)', () => {
  // zoneA holds 2 matching pods, zoneB 1; weight ln(2 domains + 2): raw scores round(2·1.386)=3 and round(1.386)=1,
  // inverted within min..max: 100·(3+1-3)/3 = 33 and 100·(3+1-1)/3 = 100.
  it('prefers the domain with fewer matching pods and gives nodes without the key 0', () => {
    const nodes = [...docCluster(), node('bare')];
    const scores = scoreNodes(new PodTopologySpread(() => nodes), incoming([constraint(ZONE, { whenUnsatisfiable: 'ScheduleAnyway' })]), nodes);
    expect(scores).toEqual({ node1: 33, node2: 33, node3: 100, node4: 100, bare: 0 });
  });

  it('is skipped without soft constraints', () => {
    const nodes = docCluster();
    expect(scoreNodes(new PodTopologySpread(() => nodes), incoming([constraint(ZONE)]), nodes)).toBeUndefined();
  });
});
